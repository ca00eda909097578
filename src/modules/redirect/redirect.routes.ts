import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ROBOTS_TXT } from './redirect-pages.js';
import { RedirectService } from './redirect.service.js';

type ShortLinkHttpRequest = FastifyRequest<{ Params: { code: string }; Querystring: { s?: string } }>;

/**
 * Registers GET/HEAD /{code} straight on Fastify rather than as a Nest
 * controller: the redirect is the hottest route of the product, and Nest's
 * per-request pipeline (guards, pipes, interceptors, exception zone) would
 * cost more than the lookup itself. Static routes (/health, /docs, /metrics,
 * /v1/...) still win over this parametric one.
 */
@Injectable()
export class RedirectRoutes implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly redirects: RedirectService,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify?.route) return;
    fastify.route({
      method: ['GET', 'HEAD'],
      url: '/robots.txt',
      handler: (_request, reply) => reply.header('content-type', 'text/plain; charset=utf-8').send(ROBOTS_TXT),
    });
    fastify.route({ method: ['GET', 'HEAD'], url: '/:code', handler: (request, reply) => this.handle(request as ShortLinkHttpRequest, reply) });
  }

  private async handle(request: ShortLinkHttpRequest, reply: FastifyReply): Promise<FastifyReply> {
    const headers = request.headers;
    const response = await this.redirects.answer({
      code: request.params.code,
      method: request.method,
      scanMarker: request.query.s,
      ip: request.ip,
      userAgent: headers['user-agent'],
      referrer: headers.referer,
      acceptLanguage: headers['accept-language'],
    });
    return reply.code(response.status).headers(response.headers).send(response.body);
  }
}
