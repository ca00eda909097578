import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../../config/app-config.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { SMS_PROVIDER, type SmsProvider } from '../sms-provider/sms-provider.js';

/** The form fields of a webhook as the signature covers them. */
export function formParams(body: unknown): Record<string, string> {
  return typeof body === 'object' && body !== null ? (body as Record<string, string>) : {};
}

/**
 * Twilio signs each webhook with X-Twilio-Signature over the full URL it
 * called plus the form fields. Behind proxies the app sees another host, so
 * the URL is rebuilt from PUBLIC_BASE_URL + the request path and query.
 * Runs before the handler: a forged or unsigned request stores nothing.
 */
@Injectable()
export class TwilioSignatureGuard implements CanActivate {
  constructor(
    @Inject(SMS_PROVIDER) private readonly provider: SmsProvider,
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const url = `${this.config.PUBLIC_BASE_URL.replace(/\/+$/, '')}${request.url}`;
    const header = request.headers['x-twilio-signature'];
    const signature = typeof header === 'string' ? header : undefined;
    if (this.provider.isValidSignature(signature, url, formParams(request.body))) return true;
    const kind = request.url.includes('/inbound') ? 'inbound' : 'status';
    this.metrics.providerWebhooks.inc({ kind, outcome: 'rejected_signature' });
    throw new ForbiddenException(
      signature ? 'X-Twilio-Signature does not match this request' : 'X-Twilio-Signature header is missing',
    );
  }
}
