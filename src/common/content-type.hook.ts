import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorBody } from './http-error.filter.js';

/**
 * Fastify route config (set with `@RouteConfig({ bodyContentTypes: [...] })`)
 * naming the media types a /v1 route accepts; the default is JSON only.
 */
export interface BodyContentTypesConfig {
  bodyContentTypes?: string[];
}

const JSON_ONLY = ['application/json'];

/** Fastify's bodyLimit for parsed (JSON, form) bodies; streamed CSV uploads are not held in memory and have none. */
export const JSON_BODY_LIMIT_BYTES = 10 * 1024 * 1024;

function mediaType(request: FastifyRequest): string | undefined {
  const header = request.headers['content-type'];
  return header ? header.split(';')[0].trim().toLowerCase() : undefined;
}

function hasBody(request: FastifyRequest): boolean {
  return request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
}

/**
 * Runs before any body is parsed, so the API answers one clear error instead of
 * whatever a parser makes of the wrong media type (Fastify would read text/plain
 * as a string and a form as an object, and validation would then list every
 * field as wrong):
 * - a /v1 body in a media type the route does not take: 415 naming Content-Type;
 * - an empty body labelled JSON (what many HTTP clients send on POST .../launch)
 *   counts as no body, instead of Fastify's "Body cannot be empty" 400.
 */
export function registerContentTypeCheck(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const type = mediaType(request);
    if (!hasBody(request)) {
      if (type === 'application/json') delete request.headers['content-type'];
      return;
    }
    if (!request.url.startsWith('/v1/') || !request.routeOptions.url) return;
    const accepted = (request.routeOptions.config as BodyContentTypesConfig).bodyContentTypes ?? JSON_ONLY;
    if (type !== undefined && accepted.includes(type)) return;
    const body: ErrorBody = {
      statusCode: 415,
      error: 'Unsupported Media Type',
      message: `Content-Type: expected ${accepted.join(' or ')}, got ${type ?? 'none'}`,
      code: 'unsupported_media_type',
      field: 'content-type',
    };
    return reply.status(415).header('content-type', 'application/json; charset=utf-8').send(body);
  });
}
