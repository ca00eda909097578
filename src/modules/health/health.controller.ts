import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { httpStatusFor, HealthService } from './health.service.js';

/** Probes for load balancers and orchestrators; public (no API key) and outside /v1. */
@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: PostgreSQL, Redis and queue depths; 503 with details when any is down' })
  async readiness(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult> {
    const result = await this.health.readiness();
    reply.status(httpStatusFor(result));
    return result;
  }

  @Get('live')
  @Header('Cache-Control', 'no-cache, no-store, must-revalidate')
  @ApiOperation({ summary: 'Liveness: the process answers (no dependency checked, so a database outage does not restart it)' })
  @ApiOkResponse({ schema: { example: { status: 'ok', uptimeSeconds: 12 } } })
  liveness(): { status: 'ok'; uptimeSeconds: number } {
    return { status: 'ok', uptimeSeconds: Math.round(process.uptime()) };
  }
}
