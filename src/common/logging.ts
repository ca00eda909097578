import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from '../config/app-config.js';
import { maskPhone, maskPhonesInText } from './mask.js';

/** Fields that may carry a phone number, wherever they appear in a log object. */
const PHONE_PATHS = ['phone', 'to', 'from', 'To', 'From', '*.phone', '*.to', '*.from', '*.To', '*.From'];

/** pino over nestjs-pino: JSON lines, phones masked, API keys never written. */
export function loggerParams(config: AppConfig): Params {
  return {
    // Request logging (and its per-request child logger) only where requests are logged: the
    // redirect, /health and /metrics skip pino-http entirely, which is measurable on the redirect.
    forRoutes: [
      { path: 'v1/*path', method: RequestMethod.ALL },
      { path: 'webhooks/*path', method: RequestMethod.ALL },
    ],
    pinoHttp: {
      level: config.LOG_LEVEL,
      transport: config.LOG_PRETTY ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
      redact: {
        paths: [...PHONE_PATHS, 'req.headers.authorization', 'req.headers["x-twilio-signature"]'],
        censor: (value: unknown, path: string[]) =>
          path.includes('headers') ? '[redacted]' : typeof value === 'string' ? maskPhone(value) : value,
      },
      // Redirect traffic is logged through metrics, not one line per click.
      autoLogging: { ignore: (req) => !req.url?.startsWith('/v1') && !req.url?.startsWith('/webhooks') },
      customProps: () => ({ service: 'smslinks' }),
      // Free-text messages (provider errors quote the number) get the same masking as phone fields.
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((arg) => (typeof arg === 'string' ? maskPhonesInText(arg) : arg)) as Parameters<typeof method>);
        },
      },
    },
  };
}
