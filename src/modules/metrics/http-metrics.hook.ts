import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MetricsService } from './metrics.service.js';

/**
 * Times every HTTP request into `smslinks_http_request_duration_seconds` with a
 * Fastify onResponse hook (cheaper than a Nest interceptor, and it also sees
 * 404s and requests rejected before a controller runs). Registered during
 * module init, before Fastify is ready; a worker-only context has no HTTP
 * adapter and skips it.
 */
@Injectable()
export class HttpMetricsHook implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly metrics: MetricsService,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify?.addHook) return;
    fastify.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
      this.metrics.httpRequestDuration.observe(
        { method: request.method, route: routeLabel(request.routeOptions?.url), status_code: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      );
    });
  }
}

/** The matched route pattern; anything unmatched (404s, scanners probing paths) shares one label. */
export function routeLabel(routePattern: string | undefined): string {
  return routePattern && routePattern.length > 0 ? routePattern : 'unmatched';
}
