import type { OpenAPIObject } from '@nestjs/swagger';

const html = (description: string) => ({ description, content: { 'text/html': { schema: { type: 'string' } } } });

/**
 * GET /{code} is registered on Fastify directly (redirect.routes.ts), so
 * Nest's OpenAPI scan cannot see it: described here by hand.
 */
export const SHORT_LINK_PATHS: OpenAPIObject['paths'] = {
  '/{code}': {
    get: {
      tags: ['short links'],
      summary: 'Follow a short link: 302 to the destination with UTM parameters; the click is recorded before the answer',
      description:
        'Served on the short-link host (SHORT_LINK_BASE_URL). `HEAD` answers the same without a body. ' +
        'Clicks are classified (human, preview, scanner) and enriched when persisted; see docs/LINKS.md.',
      parameters: [
        { name: 'code', in: 'path', required: true, schema: { type: 'string', example: 'Ab3dEf9h' } },
        { name: 's', in: 'query', required: false, description: '`qr` marks a QR-code scan (counted apart from clicks)', schema: { type: 'string', enum: ['qr'] } },
      ],
      responses: {
        '302': {
          description: 'To the destination (or, for an expired link, the campaign fallback URL). `Cache-Control: private, max-age=0`.',
          headers: { Location: { schema: { type: 'string', format: 'uri' } } },
        },
        '404': html('Unknown or disabled link'),
        '410': html('Expired link without a fallback URL'),
        '429': html('Too many unknown codes from this IP (Retry-After)'),
        '503': html('Neither Redis nor PostgreSQL could resolve the code (Retry-After)'),
      },
    },
  },
};
