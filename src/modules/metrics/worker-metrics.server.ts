import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { AppConfig } from '../../config/app-config.js';
import { MetricsService } from './metrics.service.js';

/**
 * A worker-only process (APP_ROLE=worker) has no Fastify app, yet it is where
 * sends happen and their counters move. With METRICS_PORT set it serves
 * GET /metrics and GET /health/live on a bare node:http server, so Prometheus
 * scrapes each worker and orchestrators can probe it. Processes that serve
 * HTTP already expose both through their controllers and skip this.
 */
@Injectable()
export class WorkerMetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerMetricsServer.name);
  private server?: Server;

  constructor(
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {}

  /** The port it listens on, when it does. */
  get port(): number | undefined {
    return (this.server?.address() as AddressInfo | null)?.port;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.runsHttp || this.config.METRICS_PORT === 0) return;
    const server = createServer((request, response) => void this.answer(request, response));
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(this.config.METRICS_PORT, this.config.HOST, resolve);
      });
      this.server = server;
    } catch (error) {
      // Metrics are not worth stopping the sends for (e.g. two workers on one host, same port).
      this.logger.warn(`Worker metrics not served on port ${this.config.METRICS_PORT}: ${(error as Error).message}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?')[0];
    try {
      if (request.method === 'GET' && path === '/metrics') {
        return reply(response, 200, Registry.PROMETHEUS_CONTENT_TYPE, await this.metrics.scrape());
      }
      if (request.method === 'GET' && path === '/health/live') {
        return reply(response, 200, 'application/json', JSON.stringify({ status: 'ok', uptimeSeconds: Math.round(process.uptime()) }));
      }
      reply(response, 404, 'application/json', JSON.stringify({ statusCode: 404, error: 'Not Found', message: `No route ${path}` }));
    } catch (error) {
      reply(response, 500, 'application/json', JSON.stringify({ statusCode: 500, error: 'Internal Server Error', message: (error as Error).message }));
    }
  }
}

function reply(response: ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' }).end(body);
}
