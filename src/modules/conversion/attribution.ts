/**
 * Which campaign touch a conversion belongs to, and whether it falls inside
 * that campaign's attribution window. Pure, so the rules are tested without
 * a database; the repository finds the candidate touches.
 */

/** How the request named who converted. */
export type MatchedBy = 'code' | 'messageId' | 'phone' | 'externalId';

/** A message sent to the recipient, or a holdout membership (the message that was not sent). */
export interface Touch {
  kind: 'message' | 'holdout';
  campaignId: string;
  messageId: string | null;
  recipientId: string;
  currency: string;
  /** When it reached (or would have reached) the recipient: the provider's acceptance, or the holdout draw. */
  touchedAt: Date;
  attributionWindowHours: number;
}

export interface Attribution {
  touch: Touch | null;
  /** Inside the window: counted in the campaign's stats. */
  attributed: boolean;
}

const HOUR_MS = 3_600_000;

export function windowEnd(touch: Touch): Date {
  return new Date(touch.touchedAt.getTime() + touch.attributionWindowHours * HOUR_MS);
}

/**
 * A conversion reported by code or message id: its message is known, and it
 * counts when it happened no later than the window's end. One earlier than the
 * send is a clock difference, not a reason to drop it.
 */
export function attributeToMessage(touch: Touch, occurredAt: Date): Attribution {
  return { touch, attributed: occurredAt.getTime() <= windowEnd(touch).getTime() };
}

/**
 * A conversion reported by recipient: last touch wins among the messages and
 * holdouts whose window contains the conversion; with none it is stored
 * unattributed. Ties go to the message (it was really sent).
 */
export function attributeToRecipient(touches: readonly Touch[], occurredAt: Date): Attribution {
  const at = occurredAt.getTime();
  const open = touches.filter((touch) => touch.touchedAt.getTime() <= at && at <= windowEnd(touch).getTime());
  const latest = open.reduce<Touch | null>((best, touch) => {
    if (!best) return touch;
    const difference = touch.touchedAt.getTime() - best.touchedAt.getTime();
    return difference > 0 || (difference === 0 && touch.kind === 'message' && best.kind === 'holdout') ? touch : best;
  }, null);
  return { touch: latest, attributed: latest !== null };
}
