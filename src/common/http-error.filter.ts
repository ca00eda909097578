import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
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
    void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  private toBody(exception: unknown, request: FastifyRequest): ErrorBody {
    if (exception instanceof DomainError) {
      const statusCode = STATUS_BY_KIND[exception.kind];
      return { statusCode, error: reasonPhrase(statusCode), message: exception.message, code: exception.code, field: exception.field };
    }
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const response = exception.getResponse();
      const details = typeof response === 'object' && response !== null ? (response as Record<string, unknown>) : {};
      const message = Array.isArray(details.message) ? details.message.join('; ') : String(details.message ?? exception.message);
      return { ...details, statusCode, error: reasonPhrase(statusCode), message } as ErrorBody;
    }
    const fastifyStatus = (exception as { statusCode?: number })?.statusCode;
    if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
      // Fastify's own errors for malformed bodies, unsupported media types, oversize payloads.
      return { statusCode: fastifyStatus, error: reasonPhrase(fastifyStatus), message: (exception as Error).message };
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

function reasonPhrase(status: number): string {
  const name = HttpStatus[status];
  if (!name) return 'Error';
  return name.toLowerCase().split('_').map((w) => w[0].toUpperCase() + w.slice(1)).join(' ');
}
