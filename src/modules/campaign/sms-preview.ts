import { SegmentedMessage } from 'sms-segments-calculator';
import { renderTemplate, shortLinkUrl, toTemplate } from '../link/call-to-action.js';

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsSize {
  encoding: SmsEncoding;
  segments: number;
  /** Characters as the handset counts them (grapheme clusters). */
  characters: number;
  /** Characters that force UCS-2 (each costs a 16-bit unit), e.g. emoji or curly quotes. */
  nonGsmCharacters: string[];
}

/** Size of an SMS body per Twilio's own calculator. */
export function measureSms(body: string): SmsSize {
  const message = new SegmentedMessage(body);
  return {
    encoding: message.encodingName === 'UCS-2' ? 'UCS-2' : 'GSM-7',
    segments: message.segmentsCount,
    characters: message.numberOfCharacters,
    nonGsmCharacters: message.getNonGsmCharacters(),
  };
}

export interface VariantPreview extends SmsSize {
  key: string;
  /** The body as a recipient sees it, with a sample short link of the real length. */
  body: string;
  links: { destination: string; shortLink: string }[];
  /** Segment count of the body as written, before URLs are replaced by short links. */
  segmentsBeforeLinks: number;
  warnings: string[];
}

/**
 * Every short link has the same length (base + '/' + fixed-length code of
 * GSM-7 letters and digits), so one sample rendering gives the exact size of
 * every recipient's message for this variant.
 */
export function previewVariant(key: string, body: string, shortLinkBase: string, sampleCode: string): VariantPreview {
  const template = toTemplate(body);
  const sampleLink = shortLinkUrl(shortLinkBase, sampleCode);
  const rendered = renderTemplate(template, template.urls.map(() => sampleLink));
  const size = measureSms(rendered);
  const before = measureSms(body);
  const warnings: string[] = [];
  if (size.segments !== before.segments) {
    warnings.push(
      `Short links change the size from ${before.segments} to ${size.segments} SMS segment(s): each recipient is billed ${size.segments}.`,
    );
  }
  if (size.encoding === 'UCS-2') {
    warnings.push(
      `Encoded as UCS-2 (70 characters per segment, 67 when split) because of: ${size.nonGsmCharacters.join(' ')}`,
    );
  }
  return {
    key,
    body: rendered,
    ...size,
    links: template.urls.map((destination) => ({ destination, shortLink: sampleLink })),
    segmentsBeforeLinks: before.segments,
    warnings,
  };
}
