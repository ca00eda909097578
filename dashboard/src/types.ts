import type { AbTest } from './format.js';
import type { Attribution, Holdout } from './holdout-words.js';

export type Metrics = Record<string, unknown> & {
  recipients: number; sent: number; delivered: number; clicks: number; botClicks: number; uniqueClicks: number;
  ctr: number | null; optOuts: number; optOutRate: number | null; conversions: number; revenue: number | null;
};

export interface CampaignSummary {
  id: string; name: string; status: string; tags: string[]; currency: string; launchedAt: string; metrics: Metrics;
}

export interface TopLink { destination: string; campaignId: string; links: number; clicks: number; uniqueClicks: number; botClicks: number }

export interface Overview {
  totals: Metrics;
  revenueByCurrency: { currency: string; revenue: number; conversions: number }[];
  campaigns: CampaignSummary[];
  topCampaigns: CampaignSummary[];
  topLinks: TopLink[];
}

export interface CampaignListItem {
  id: string; name: string; status: string; tags: string[]; variants: string[]; segments: string[]; createdAt: string;
  scheduledAt: string | null; launchedAt: string | null;
}

export interface Campaign {
  id: string; name: string; status: string; from: string; segments: string[]; tags: string[]; currency: string;
  variants: { key: string; body: string; weight: number }[]; controlVariant: string;
  utm: { source?: string; medium?: string; campaign?: string } | null; quietHours: QuietHours | null; inheritsAccountQuietHours: boolean;
  holdoutPercent: number; holdoutCount: number | null; attributionWindowHours: number;
  scheduledAt: string | null; launchedAt: string | null; createdAt: string;
  counts: { recipients: number; suppressed: number; sent: number; delivered: number; failed: number; frequencyCapped: number };
  statusCounts: Record<string, number>;
}

export interface Stats {
  campaignId: string; currency: string; groupBy: string[]; campaign: Metrics;
  groups: (Metrics & { variant?: string; segment?: string })[];
  abTest: AbTest;
  attribution: Attribution;
  holdout: Holdout | null;
}

export interface VariantPreview {
  key: string; body: string; encoding: string; segments: number; characters: number; segmentsBeforeLinks: number;
  nonGsmCharacters: string[]; links: { destination: string; shortLink: string }[]; warnings: string[];
}

export interface TimeseriesPoint { bucket: string; deliveries: number; humanClicks: number; uniqueClicks: number; botClicks: number }
export interface BreakdownRow { value: string | null; country?: string | null; clicks: number; uniqueClicks: number; botClicks: number }
export interface TimeToClick { messages: number; buckets: { label: string; messages: number; byVariant: Record<string, number> }[] }

export interface MessageRow {
  id: string; phone: string; variant: string; segment: string; status: string; clicks: number; botClicks: number;
  firstClickAt: string | null; deliveredAt: string | null; optedOutAt: string | null; shortLinks: { code: string; url: string }[];
}

export interface LiveClick {
  id: string; occurredAt: string; source: string; clickClass: string; classReason: string; deviceType: string;
  os: string | null; browser: string | null; country: string | null; variant: string | null; code: string;
}

export interface QuietHours { start: string; end: string }

export interface AccountSettings { frequencyCap: { per24Hours: number | null; per7Days: number | null }; quietHours: QuietHours | null }

export interface Segment { key: string; name: string | null; description: string | null; rule: Record<string, unknown>; createdAt: string; updatedAt: string }

export interface SegmentPreview {
  key: string; kind: 'rule' | 'label'; size: number; evaluatedAt: string;
  sample: { recipientId: string; phone: string; externalId: string | null; segments: string[] }[];
}
