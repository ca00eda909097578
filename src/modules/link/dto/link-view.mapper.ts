import type { Click } from '../../../generated/prisma/client.js';
import type { LinkRepository } from '../link.repository.js';
import { CampaignLinkSettings, linkStatus, redirectUrlFor } from '../link-target.js';
import type { ClickView, LinkClickCounts, LinkView } from './link.view.js';
import { isoOrNull } from '../../../common/iso-date.js';

type LinkDetail = NonNullable<Awaited<ReturnType<LinkRepository['findDetail']>>>;

export function toClickView(click: Click): ClickView {
  return {
    id: click.id,
    occurredAt: click.occurredAt.toISOString(),
    source: click.source,
    outcome: click.outcome,
    clickClass: click.clickClass,
    classReason: click.classReason,
    timingSignal: click.timingSignal,
    secondsSinceDelivery: click.secondsSinceDelivery,
    method: click.method,
    deviceType: click.deviceType,
    os: click.os,
    osVersion: click.osVersion,
    browser: click.browser,
    browserVersion: click.browserVersion,
    country: click.country,
    city: click.city,
    ip: click.ip,
    userAgent: click.userAgent,
    referrer: click.referrer,
    referrerHost: click.referrerHost,
    acceptLanguage: click.acceptLanguage,
  };
}

function toCounts(groups: readonly { source: string; clickClass: string; count: number }[]): LinkClickCounts {
  const counts: LinkClickCounts = { human: 0, bot: 0, preview: 0, scanner: 0, qrScans: 0 };
  for (const { source, clickClass, count } of groups) {
    if (source === 'qr') counts.qrScans += count;
    else if (clickClass === 'human') counts.human += count;
    else if (clickClass === 'preview' || clickClass === 'scanner') {
      counts[clickClass] += count;
      counts.bot += count;
    }
  }
  return counts;
}

export function toLinkView(
  link: LinkDetail,
  extra: { shortUrl: string; now: Date; counts: { source: string; clickClass: string; count: number }[]; clicks: ClickView[] },
): LinkView {
  const utm = link.campaign.utm as CampaignLinkSettings['utm'];
  const status = linkStatus({ disabled: link.disabledAt !== null, expiresAtMs: link.expiresAt?.getTime() ?? null }, extra.now.getTime());
  return {
    code: link.code,
    shortUrl: extra.shortUrl,
    destination: link.destination,
    redirectUrl: redirectUrlFor({ destination: link.destination, variant: link.message.variant }, { slug: link.campaign.slug, utm }),
    status,
    expiresAt: isoOrNull(link.expiresAt),
    disabledAt: isoOrNull(link.disabledAt),
    createdAt: link.createdAt.toISOString(),
    campaign: { id: link.campaign.id, name: link.campaign.name },
    message: {
      id: link.message.id,
      phone: link.message.phone,
      variant: link.message.variant,
      segment: link.message.segment,
      status: link.message.status,
      acceptedAt: isoOrNull(link.message.acceptedAt),
      deliveredAt: isoOrNull(link.message.deliveredAt),
      firstHumanClickAt: isoOrNull(link.message.firstHumanClickAt),
      humanClicks: link.message.humanClicks,
      botClicks: link.message.botClicks,
      qrScans: link.message.qrScans,
    },
    counts: toCounts(extra.counts),
    clicks: extra.clicks,
  };
}
