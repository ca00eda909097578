import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { resolve } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../../config/app-config.js';
import { type DashboardAsset, loadDashboardAssets, pickEncoding } from './dashboard-assets.js';

/**
 * The page may talk to this origin only; Chart.js sets canvas sizes through
 * element styles, which `style-src 'self'` alone would not stop, but keep
 * 'unsafe-inline' for styles so a library update cannot blank the charts.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:",
  "connect-src 'self'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
].join('; ');

/**
 * Serves the built dashboard (plain files, no CDN) at /dashboard/. Straight
 * on Fastify, like the redirect: static routes beat the short-link route
 * `/:code`, and codes are 8 characters, never `dashboard`. The files are read
 * once, on the first request, and kept in memory with the gzip and brotli
 * forms the build made; hashed names are cached for a year, index.html is
 * revalidated by ETag.
 */
@Injectable()
export class DashboardRoutes implements OnModuleInit {
  private readonly logger = new Logger(DashboardRoutes.name);
  private assets?: Promise<Map<string, DashboardAsset> | null>;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify?.route) return;
    fastify.route({ method: ['GET', 'HEAD'], url: '/dashboard', handler: (_request, reply) => reply.redirect('/dashboard/', 301) });
    fastify.route({ method: ['GET', 'HEAD'], url: '/dashboard/', handler: (request, reply) => this.serve('index.html', request, reply) });
    fastify.route({
      method: ['GET', 'HEAD'],
      url: '/dashboard/*',
      handler: (request, reply) => this.serve((request.params as { '*': string })['*'], request, reply),
    });
  }

  private load(): Promise<Map<string, DashboardAsset> | null> {
    this.assets ??= loadDashboardAssets(resolve(this.config.DASHBOARD_DIR)).then((assets) => {
      if (!assets) this.logger.warn(`No dashboard build at ${resolve(this.config.DASHBOARD_DIR)}; run npm run build`);
      return assets;
    });
    return this.assets;
  }

  private async serve(path: string, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const assets = await this.load();
    if (!assets) {
      return reply.code(503).header('content-type', 'text/plain; charset=utf-8').send('The dashboard is not built: run npm run build.\n');
    }
    const asset = assets.get(path);
    if (!asset) return reply.code(404).header('content-type', 'text/plain; charset=utf-8').send('Not found\n');
    reply
      .header('content-type', asset.contentType)
      .header('etag', asset.etag)
      .header('vary', 'accept-encoding')
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('cache-control', asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    if (asset.contentType.startsWith('text/html')) reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send();
    const encoding = pickEncoding(asset, request.headers['accept-encoding']);
    if (encoding) reply.header('content-encoding', encoding);
    return reply.send(encoding ? asset[encoding] : asset.identity);
  }
}
