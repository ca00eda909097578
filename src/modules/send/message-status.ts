/**
 * Receipt precedence. A message's status only moves forward along
 *   queued < sending < sent < undelivered = failed < delivered
 * so callbacks arriving late or out of order never move it backwards:
 * - a late `sent` never overwrites `delivered`, `failed` or `undelivered`;
 * - between `undelivered` and `failed` (same rank) the first terminal status wins;
 * - `delivered` beats an earlier `undelivered`/`failed`: a delivery receipt is
 *   proof the phone got the message (carriers do report a transient failure
 *   before the final delivery), the same way metrics.md lets a click prove receipt.
 */
export type ReceiptStatus = 'queued' | 'sending' | 'sent' | 'delivered' | 'undelivered' | 'failed';

export const STATUS_RANK: Readonly<Record<ReceiptStatus, number>> = {
  queued: 0,
  sending: 1,
  sent: 2,
  undelivered: 3,
  failed: 3,
  delivered: 4,
};

/** The status a message ends with when `incoming` is reported while it is `current`. */
export function nextStatus<S extends string>(current: S, incoming: ReceiptStatus): S | ReceiptStatus {
  const currentRank = STATUS_RANK[current as ReceiptStatus];
  // suppressed / cancelled never went to the provider: a receipt cannot apply to them.
  if (currentRank === undefined) return current;
  return STATUS_RANK[incoming] > currentRank ? incoming : current;
}

/** Which per-status timestamp a receipt stamps (first time only). */
export type ReceiptTimestamp = 'sent_at' | 'delivered_at' | 'undelivered_at' | 'failed_at';

export interface Receipt {
  status: ReceiptStatus;
  /** Column stamped with the callback time, if this receipt has one. */
  stamp: ReceiptTimestamp | null;
}

/**
 * Maps Twilio's MessageStatus values to our receipt. accepted/scheduled/queued/
 * sending all mean "the provider has it", which is our `sent` (metrics.md: sent =
 * accepted by the provider), without a sent_at (no carrier hand-off yet).
 * `read` (WhatsApp/RCS) implies delivery. `canceled` (a scheduled message
 * cancelled at Twilio) will never arrive: it counts as failed.
 * Unknown values (receiving/received belong to inbound messages) give null: ignored.
 */
export function receiptFor(providerStatus: string): Receipt | null {
  switch (providerStatus.toLowerCase()) {
    case 'accepted':
    case 'scheduled':
    case 'queued':
    case 'sending':
      return { status: 'sent', stamp: null };
    case 'sent':
      return { status: 'sent', stamp: 'sent_at' };
    case 'delivered':
    case 'read':
      return { status: 'delivered', stamp: 'delivered_at' };
    case 'undelivered':
      return { status: 'undelivered', stamp: 'undelivered_at' };
    case 'failed':
    case 'canceled':
      return { status: 'failed', stamp: 'failed_at' };
    default:
      return null;
  }
}

/** SQL CASE giving a status column's rank, generated from STATUS_RANK so SQL and TS agree; -1 for others. */
export function statusRankSql(column: string): string {
  const arms = Object.entries(STATUS_RANK)
    .map(([status, rank]) => `WHEN '${status}' THEN ${rank}`)
    .join(' ');
  return `(CASE ${column}::text ${arms} ELSE -1 END)`;
}
