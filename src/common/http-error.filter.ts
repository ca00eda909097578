import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { JSON_BODY_LIMIT_BYTES } from './content-type.hook.js';
import { isDatabaseUnavailable } from '../prisma/prisma-errors.js';
import { DomainError, ErrorKind } from './domain-error.js';

const STATUS_BY_KIND: Record<ErrorKind, number> = {
  invalid: HttpStatus.BAD_REQUEST,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  unauthorized: HttpStatus.UNAUTHORIZED,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
};

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  code?: string;
  field?: string;
  errors?: { field: string; problem: string }[];
  correlationId?: string;
}

/** Turns every error into `{ statusCode, error, message }`; a 500 carries a correlation id and is logged once. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const body = this.toBody(exception, request);
    if (body.statusCode === HttpStatus.SERVICE_UNAVAILABLE) void reply.header('retry-after', '5');
    void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  private toBody(exception: unknown, request: FastifyRequest): ErrorBody {
    if (exception instanceof DomainError) {
      const statusCode = STATUS_BY_KIND[exception.kind];
      return { statusCode, error: reasonPhrase(statusCode), message: exception.message, code: exception.code, field: exception.field };
    }
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      // Nest wraps Fastify's body errors (malformed JSON, 413...) in an HttpException whose cause is the original.
      const fastifyError = FASTIFY_ERRORS[(exception.cause as { code?: string } | undefined)?.code ?? ''];
      if (fastifyError) return { statusCode, error: reasonPhrase(statusCode), ...fastifyError };
      const response = exception.getResponse();
      const details = typeof response === 'object' && response !== null ? (response as Record<string, unknown>) : {};
      const message = Array.isArray(details.message) ? details.message.join('; ') : String(details.message ?? exception.message);
      return { ...details, statusCode, error: reasonPhrase(statusCode), message } as ErrorBody;
    }
    const fastifyStatus = (exception as { statusCode?: number })?.statusCode;
    if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
      // Any other 4xx error object Fastify or a plugin raises unwrapped.
      return { statusCode: fastifyStatus, error: reasonPhrase(fastifyStatus), message: (exception as Error).message };
    }
    if (isDatabaseUnavailable(exception)) {
      this.logger.warn(`Database unavailable for ${request.method} ${request.url}: ${(exception as Error).message.split('\n').pop()}`);
      return { statusCode: 503, error: 'Service Unavailable', message: 'The database is unavailable right now; retry shortly', code: 'database_unavailable' };
    }
    const correlationId = randomUUID();
    this.logger.error({ err: exception, correlationId, method: request.method, url: request.url }, 'Unhandled error');
    return {
      statusCode: 500,
      error: 'Internal Server Error',
      message: `Something went wrong on our side; quote ${correlationId} when reporting it`,
      correlationId,
    };
  }
}

/** Fastify's body errors, reworded to name the field at fault like every other 4xx. */
const FASTIFY_ERRORS: Record<string, Pick<ErrorBody, 'message' | 'code' | 'field'>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: {
    message: 'body: is not valid JSON (or holds a forbidden __proto__ / constructor.prototype key)',
    code: 'malformed_json',
    field: 'body',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: { message: 'body: is empty but Content-Type says application/json', code: 'malformed_json', field: 'body' },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    message: `body: larger than the ${JSON_BODY_LIMIT_BYTES / 1024 / 1024} MB limit; send big recipient lists as CSV to POST /v1/recipients/import`,
    code: 'payload_too_large',
    field: 'body',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { message: 'body: its size does not match Content-Length', code: 'invalid_content_length', field: 'body' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { message: 'Content-Type: not supported here', code: 'unsupported_media_type', field: 'content-type' },
};

function reasonPhrase(status: number): string {
  const name = HttpStatus[status];
  if (!name) return 'Error';
  return name.toLowerCase().split('_').map((w) => w[0].toUpperCase() + w.slice(1)).join(' ');
}
