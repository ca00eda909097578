/** The demo's audience and the small pure helpers its summary uses; unit-tested in demo.spec.ts. */
/** Twilio's magic "valid sender" test number. */
export const DEMO_SENDER = '+15005550006';
export const DEMO_SEGMENTS = ['vip', 'newsletter'];
const AREA_CODES = ['415', '212', '310', '312', '617'];
const FIRST_NAMES = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken', 'Radia', 'Linus'];
const DESTINATION = 'https://shop.example.com/spring?ref=sms';
export const VARIANTS = [
  { key: 'A', weight: 1, body: `Spring sale: 20% off everything this week at ${DESTINATION} Reply STOP to opt out` },
  { key: 'B', weight: 1, body: `Last chance! Our spring picks are 20% off until Sunday: ${DESTINATION} STOP to opt out` },
];
export const FINAL_STATUSES = new Set(['delivered', 'undelivered', 'failed']);

/** Fictional numbers (555-01XX in several area codes), valid for libphonenumber and never real subscribers. */
export function demoPhone(index: number): string {
  if (index < 0 || index >= AREA_CODES.length * 100) throw new Error(`demo supports up to ${AREA_CODES.length * 100} recipients`);
  return `+1${AREA_CODES[Math.floor(index / 100)]}5550${100 + (index % 100)}`;
}

/** A CSV in the import format: the first 30% are vip (half of them also newsletter), the rest newsletter; one bad row. */
export function demoCsv(count: number): { csv: string; phones: string[] } {
  const phones = Array.from({ length: count }, (_, i) => demoPhone(i));
  const vip = Math.round(count * 0.3);
  const rows = phones.map((phone, i) => {
    const segments = i < vip / 2 ? 'vip|newsletter' : i < vip ? 'vip' : 'newsletter';
    const timezone = i % 2 ? 'America/New_York' : 'America/Los_Angeles';
    return [phone, FIRST_NAMES[i % FIRST_NAMES.length], segments, timezone].join(',');
  });
  rows.push('not-a-phone,Typo,newsletter,America/New_York');
  return { csv: ['phone,first_name,segments,timezone', ...rows].join('\n') + '\n', phones };
}

/** The short codes of every link in a rendered body (`<base>/<code>`). */
export function shortCodesIn(body: string, shortLinkBase: string): string[] {
  const base = shortLinkBase.replace(/\/+$/, '');
  return (body.match(/https?:\/\/\S+/g) ?? []).filter((url) => url.startsWith(`${base}/`)).map((url) => url.slice(base.length + 1));
}

/** Message counts by sandbox status, e.g. { delivered: 48, undelivered: 1 }. */
export function countByStatus(messages: { status: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { status } of messages) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

/** The text of a TwiML `<Message>` reply, or the whole answer when there is none. */
export function twimlMessage(twiml: string): string {
  const message = /<Message[^>]*>([\s\S]*?)<\/Message>/.exec(twiml)?.[1] ?? twiml;
  return message.replace(/\s+/g, ' ').trim();
}

/** One of a campaign's `counts` (GET /v1/campaigns/{id}); undefined when absent. */
export function campaignCount(campaign: Record<string, unknown>, name: string): number | undefined {
  const counts = (campaign.counts ?? {}) as Record<string, unknown>;
  return typeof counts[name] === 'number' ? counts[name] : undefined;
}
