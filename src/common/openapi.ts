import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SHORT_LINK_PATHS } from '../modules/redirect/redirect.openapi.js';

/** /docs: the OpenAPI UI generated from controllers and DTOs; /docs/json the document. */
export function setupOpenApi(app: NestFastifyApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('SMS Links API')
      .setDescription('SMS campaigns with a tracked short link per recipient. Authenticate with `Authorization: Bearer <api key>`.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  Object.assign(document.paths, SHORT_LINK_PATHS);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/json' });
}
