import { Controller, Get, Param, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiErrors } from '../../common/api-error.dto.js';
import { UuidParam } from '../../common/uuid-param.pipe.js';
import type { AuthenticatedAccount } from '../account/account.service.js';
import { ApiKeyGuard, CurrentAccount } from '../account/api-key.guard.js';
import { LiveFeedService } from './live-feed.service.js';
import { SSE_HEADERS, sseEvent, sseRetry } from './sse.js';

@ApiTags('analytics')
@ApiBearerAuth()
@ApiErrors(400, 401, 404, 503)
@UseGuards(ApiKeyGuard)
@Controller('v1/campaigns/:id')
export class LiveFeedController {
  constructor(private readonly feed: LiveFeedService) {}

  @Get('clicks/live')
  @ApiParam({ name: 'id', format: 'uuid', description: 'Campaign id; not a UUID: 400' })
  @ApiOperation({
    summary: 'Live click feed (server-sent events): a `ready` event once subscribed, then a `click` event per stored click (class, device, variant, masked code)',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'text/event-stream' })
  async live(@CurrentAccount() account: AuthenticatedAccount, @Param('id', new UuidParam('id')) id: string, @Res() reply: FastifyReply): Promise<void> {
    await this.feed.check(account.accountId, id);
    // From here on the stream is ours, not Fastify's: it stays open until the client leaves.
    reply.hijack();
    const response = reply.raw;
    response.writeHead(200, SSE_HEADERS);
    response.write(sseRetry(3000));
    const sink = { write: (frame: string) => void response.write(frame), end: () => response.end() };
    try {
      const close = await this.feed.open(id, sink);
      if (response.destroyed) close();
      else response.once('close', close);
    } catch {
      sink.write(sseEvent({ event: 'error', data: { message: 'The live feed is unavailable right now; retry shortly' } }));
      sink.end();
    }
  }
}
