import { MessageStatus as MessageStatusValues, type MessageStatus } from '../../generated/prisma/enums.js';

/** One row per message status: how many messages, how many have a provider id, how many have a human click. */
export interface StatusGroup {
  status: MessageStatus;
  messages: number;
  withProviderId: number;
  clicked: number;
}

/** The counts of ../shared/spec/metrics.md that need no clicks or opt-outs beyond the message row. */
export interface DeliveryCounts {
  /** messages created for the campaign */
  recipients: number;
  /** messages not sent because the phone was opted out or invalid */
  suppressed: number;
  /** messages accepted by the SMS provider (they have a provider id) */
  sent: number;
  /** latest status delivered, plus messages with a human click whatever their status */
  delivered: number;
  /** latest status failed or undelivered, and no human click */
  failed: number;
  /**
   * Not in metrics.md: messages skipped at send time because the recipient had
   * reached the account's frequency cap (status skipped). Never suppressed,
   * sent, delivered or failed; still among recipients (the message was created).
   */
  frequencyCapped: number;
}

export type StatusCounts = Record<MessageStatus, number>;

const STATUSES = Object.values(MessageStatusValues);

/**
 * metrics.md's definitions, applied to per-status groups. A click proves
 * receipt, so a clicked message counts as delivered and never as failed.
 */
export function deliveryCounts(groups: readonly StatusGroup[]): DeliveryCounts {
  const sum = (pick: (group: StatusGroup) => number, where: (status: MessageStatus) => boolean = () => true) =>
    groups.filter((group) => where(group.status)).reduce((total, group) => total + pick(group), 0);
  const failing = (status: MessageStatus) => status === 'failed' || status === 'undelivered';
  return {
    recipients: sum((g) => g.messages),
    suppressed: sum((g) => g.messages, (s) => s === 'suppressed'),
    sent: sum((g) => g.withProviderId),
    delivered: sum((g) => (g.status === 'delivered' ? g.messages : g.clicked)),
    failed: sum((g) => g.messages - g.clicked, failing),
    frequencyCapped: sum((g) => g.messages, (s) => s === 'skipped'),
  };
}

/** Messages by their current state-machine status, every status present (0 when none). */
export function statusCounts(groups: StatusGroup[]): StatusCounts {
  const counts = Object.fromEntries(STATUSES.map((status) => [status, 0])) as StatusCounts;
  for (const group of groups) counts[group.status] += group.messages;
  return counts;
}
