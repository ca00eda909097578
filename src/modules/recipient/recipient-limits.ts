/**
 * Limits on what one recipient row may hold and on request sizes. They keep a
 * single import from filling memory or the database with junk; they are
 * documented in docs/RECIPIENTS.md.
 */
export const RecipientLimits = {
  /** Rows per JSON request; bigger lists go through the streamed CSV import. */
  maxJsonRows: 10_000,
  /** Rows per upsert statement during a CSV import. */
  csvBatchSize: 5_000,
  /** Rejections listed in one response; `rejectedCount` always has the total. */
  maxListedRejections: 10_000,
  /** Bytes in one CSV record: protects memory against a missing closing quote. */
  maxCsvRecordBytes: 64 * 1024,
  maxPhoneLength: 64,
  maxExternalIdLength: 255,
  maxSegments: 50,
  maxSegmentLength: 64,
  maxAttributes: 50,
  maxAttributeKeyLength: 64,
  maxAttributeValueLength: 1_024,
  /** Messages and inbound SMS shown in a recipient's history. */
  historyLimit: 50,
} as const;
