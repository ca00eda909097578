import { RecipientLimits } from './recipient-limits.js';
import { validateRecipientRow, ValidRecipient } from './recipient-row.js';

export interface RejectedRow {
  /** JSON: 0-based position in `recipients`. CSV: 1-based data row (the row after the header is 1). */
  index: number;
  /** The phone as given, so the caller can find the row. */
  phone: string | null;
  reason: string;
}

export interface UpsertCounts {
  created: number;
  updated: number;
}

export interface UpsertRecipientsResult extends UpsertCounts {
  rejected: RejectedRow[];
  /** Every rejected row, including those beyond the listed maximum. */
  rejectedCount: number;
}

export type UpsertBatch = (rows: ValidRecipient[]) => Promise<UpsertCounts>;

/**
 * Collects rows as they arrive (from a JSON array or a CSV stream): validates
 * each, refuses a phone seen earlier in the same request, and hands full
 * batches to `upsertBatch`. A later duplicate is rejected (not merged) so the
 * caller learns their list has the number twice; the first occurrence wins.
 */
export class RecipientIntake {
  /** Keyed by the E.164 digits as a number, smaller than the string: a million-row file keeps a million keys. */
  private readonly firstIndexByPhone = new Map<number, number>();
  private readonly rejected: RejectedRow[] = [];
  private rejectedCount = 0;
  private batch: ValidRecipient[] = [];
  private readonly counts: UpsertCounts = { created: 0, updated: 0 };
  private inFlight: Promise<void> = Promise.resolve();

  constructor(
    private readonly defaultCountry: string,
    private readonly upsertBatch: UpsertBatch,
    private readonly batchSize: number = RecipientLimits.csvBatchSize,
  ) {}

  async add(index: number, raw: unknown): Promise<void> {
    const check = validateRecipientRow(raw, this.defaultCountry);
    if (!check.ok) return this.reject(index, raw, check.reason);
    const phone = check.recipient.phone;
    const key = phoneKey(phone);
    const firstIndex = this.firstIndexByPhone.get(key);
    if (firstIndex !== undefined) return this.reject(index, raw, `duplicate of row ${firstIndex} (same number ${phone})`);
    this.firstIndexByPhone.set(key, index);
    this.batch.push(check.recipient);
    if (this.batch.length >= this.batchSize) await this.flush();
  }

  /** Upserts what is left and returns the totals. */
  async finish(): Promise<UpsertRecipientsResult> {
    await this.flush();
    await this.inFlight;
    return { ...this.counts, rejected: this.rejected, rejectedCount: this.rejectedCount };
  }

  /** Totals written so far (once the batch in flight settles), for the error message of an import that stopped half-way. */
  async progress(): Promise<UpsertCounts & { rejectedCount: number }> {
    await this.inFlight.catch(() => undefined);
    return { ...this.counts, rejectedCount: this.rejectedCount };
  }

  /**
   * Starts writing the current batch and returns once the previous one is
   * written: parsing the next batch overlaps with writing this one, and at
   * most one batch is held in flight, so memory stays bounded.
   */
  private async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    const rows = this.batch;
    this.batch = [];
    await this.inFlight;
    this.inFlight = this.write(rows);
    // Observed by the next flush or by finish(); this keeps a failure from being reported as unhandled meanwhile.
    this.inFlight.catch(() => undefined);
  }

  private async write(rows: ValidRecipient[]): Promise<void> {
    const counts = await this.upsertBatch(rows);
    this.counts.created += counts.created;
    this.counts.updated += counts.updated;
  }

  /** Rejects a row the reader could not even shape (a CSV row with the wrong number of cells). */
  rejectRow(index: number, phone: string | null, reason: string): void {
    this.rejectedCount++;
    if (this.rejected.length < RecipientLimits.maxListedRejections) this.rejected.push({ index, phone, reason });
  }

  private reject(index: number, raw: unknown, reason: string): void {
    this.rejectRow(index, phoneAsGiven(raw), reason);
  }
}

function phoneAsGiven(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const phone = (raw as Record<string, unknown>).phone;
  if (phone === undefined || phone === null) return null;
  return typeof phone === 'string' ? phone : JSON.stringify(phone);
}

/** E.164 has at most 15 digits, which a double holds exactly (below 2^53). */
function phoneKey(e164: string): number {
  return Number(e164.slice(1));
}
