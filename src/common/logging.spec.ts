import { Writable } from 'node:stream';
import { pino } from 'pino';
import { loadConfig } from '../config/app-config.js';
import { loggerParams } from './logging.js';

/** A pino logger with the app's options, writing JSON lines into an array. */
function capturingLogger(): { logger: pino.Logger; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const { redact, hooks, level } = loggerParams(loadConfig({})).pinoHttp as pino.LoggerOptions;
  const logger = pino({ redact, hooks, level }, stream);
  return { logger, lines: () => chunks.join('').trim().split('\n').map((line) => JSON.parse(line)) };
}

describe('logging', () => {
  it('masks phone fields', () => {
    const { logger, lines } = capturingLogger();
    logger.info({ phone: '+14155550123', message: { to: '+442071838750' } }, 'queued');
    expect(lines()[0]).toMatchObject({ phone: '+1415*****23', message: { to: '+4420******50' } });
  });

  it('masks numbers quoted inside messages, such as provider errors', () => {
    const { logger, lines } = capturingLogger();
    logger.warn("Message 0194 failed: The 'To' number +15005550001 is not a valid phone number.");
    expect(lines()[0].msg).toBe("Message 0194 failed: The 'To' number +1500*****01 is not a valid phone number.");
  });

  it('never writes the Authorization header', () => {
    const { logger, lines } = capturingLogger();
    logger.info({ req: { headers: { authorization: 'Bearer sk_secret' } } }, 'request');
    expect(JSON.stringify(lines()[0])).not.toContain('sk_secret');
  });
});
