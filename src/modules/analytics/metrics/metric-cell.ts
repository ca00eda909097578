import type { MessageStatus } from '../../../generated/prisma/enums.js';

/**
 * Counts over the messages that share a variant, a segment and a current
 * status: the one shape the stats SQL returns. Every metric of metrics.md
 * except time-to-click is a function of these sums, so groups (campaign,
 * variant, segment, variant x segment) are built by adding cells, and the
 * definitions live once, in campaign-metrics.ts.
 */
export interface MetricCell {
  variant: string;
  segment: string;
  status: MessageStatus;
  /** Messages in the cell. */
  messages: number;
  /** ...that have a provider id (accepted by the provider). */
  withProviderId: number;
  /** ...that have at least one human click. */
  clicked: number;
  /** Human clicks on their links, all of them. */
  humanClicks: number;
  botClicks: number;
  /** Human QR scans (apart from clicks). */
  qrScans: number;
  /** ...that have an opt-out attributed to them. */
  optedOut: number;
  /** ...that have an opt-out attributed to them and a human click. */
  optedOutClicked: number;
  /** Conversions attributed to the cell's messages, and their summed value in ten-thousandths (exact integer sums). */
  conversions: number;
  revenueTenThousandths: number;
}

export type GroupKey = 'variant' | 'segment';
