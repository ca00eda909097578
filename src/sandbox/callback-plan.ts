import { between, type RandomSource } from './random.js';
import type { SandboxOptions } from './sandbox-options.js';
import type { SandboxMessageStatus } from './message-store.js';

/** One status callback to post, `atMs` after the message was accepted. */
export interface PlannedCallback {
  status: SandboxMessageStatus;
  atMs: number;
  errorCode?: number;
}

/** Carrier-side reasons a sent message ends undelivered. */
export const UNDELIVERED_ERROR_CODES = [30003, 30005, 30006, 30007] as const;
/** Reasons a message fails before it leaves Twilio (unknown error, unregistered 10DLC traffic). */
export const FAILED_ERROR_CODES = [30008, 30034] as const;

type PlanOptions = Pick<SandboxOptions, 'sentDelayMs' | 'finalDelayMs' | 'undeliveredRate' | 'failedRate' | 'outOfOrderRate'>;

/**
 * Decides what happens to one accepted message, as callbacks in the order
 * they will be posted:
 * - delivered:   sent, then delivered
 * - undelivered: sent, then undelivered with a 3000x ErrorCode
 * - failed:      failed with an ErrorCode (it never left Twilio, so no `sent`)
 * With outOfOrderRate, the final callback is posted before `sent`, as
 * carriers' receipts sometimes overtake Twilio's own.
 */
export function planCallbacks(random: RandomSource, options: PlanOptions): PlannedCallback[] {
  const roll = random.next();
  const sentAt = between(random, options.sentDelayMs);
  const finalAt = sentAt + between(random, options.finalDelayMs);
  const disorder = random.next() < options.outOfOrderRate;
  const pick = <T>(codes: readonly T[]) => codes[Math.floor(random.next() * codes.length)];

  if (roll < options.failedRate) {
    return [{ status: 'failed', atMs: sentAt, errorCode: pick(FAILED_ERROR_CODES) }];
  }
  const final: PlannedCallback =
    roll < options.failedRate + options.undeliveredRate
      ? { status: 'undelivered', atMs: finalAt, errorCode: pick(UNDELIVERED_ERROR_CODES) }
      : { status: 'delivered', atMs: finalAt };
  if (!disorder) return [{ status: 'sent', atMs: sentAt }, final];
  // Out of order: the final receipt goes out at the `sent` time and `sent` trails it.
  return [
    { ...final, atMs: sentAt },
    { status: 'sent', atMs: finalAt },
  ];
}
