/**
 * QR codes for short links, for print and posters: the same short link with a
 * marker so that scans are counted apart from taps in the SMS.
 */
// qrcode is CommonJS; its default import is module.exports, which works the
// same under tsc (esModuleInterop) and Jest's ESM mode.
import QRCode from 'qrcode';

export type QrFormat = 'svg' | 'png';

export interface RenderedQrCode {
  contentType: string;
  body: Buffer | string;
}

/** The query the redirect reads as "this request came from a QR scan". */
export const QR_SCAN_MARKER = 's=qr';

export const QR_SIZE_DEFAULT = 512;
export const QR_SIZE_MIN = 64;
export const QR_SIZE_MAX = 2048;
/** Modules of blank border; 4 is what the QR specification asks for. */
export const QR_MARGIN_DEFAULT = 4;
const QR_MARGIN_MAX = 16;

/**
 * The QR code for `text` as an SVG document or a PNG image, `size` pixels
 * wide (clamped to 64..2048) with a `margin`-module quiet zone.
 *
 * Error correction 'M' (15% of the symbol can be lost): enough for print
 * that gets scuffed, while keeping the symbol small for a short URL. A PNG
 * cannot be narrower than one pixel a module: for a symbol with more
 * modules than `size`, qrcode ignores the width and draws 4 pixels a module.
 */
export async function renderQrCode(
  text: string,
  format: QrFormat,
  options: { size?: number; margin?: number } = {},
): Promise<RenderedQrCode> {
  const rendering = {
    errorCorrectionLevel: 'M' as const,
    width: clampInteger(options.size, QR_SIZE_MIN, QR_SIZE_MAX, QR_SIZE_DEFAULT),
    margin: clampInteger(options.margin, 0, QR_MARGIN_MAX, QR_MARGIN_DEFAULT),
  };
  if (format === 'svg') {
    return { contentType: 'image/svg+xml', body: await QRCode.toString(text, { ...rendering, type: 'svg' }) };
  }
  return { contentType: 'image/png', body: await QRCode.toBuffer(text, { ...rendering, type: 'png' }) };
}

/** `value` rounded into min..max, or the fallback when it is not a number (a bad query parameter). */
function clampInteger(value: number | undefined, min: number, max: number, fallback: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, Math.round(value)));
}

/**
 * The URL to encode in a short link's QR code: the short link with the scan
 * marker, before any fragment. Short links are ours (`${base}/${code}`), so
 * this is plain text work: the code should carry exactly the link the SMS
 * carries, which a WHATWG round trip could re-encode.
 */
export function qrScanUrl(shortUrl: string): string {
  const hashAt = shortUrl.indexOf('#');
  const beforeHash = hashAt === -1 ? shortUrl : shortUrl.slice(0, hashAt);
  const hash = hashAt === -1 ? '' : shortUrl.slice(hashAt);
  const separator = !beforeHash.includes('?') ? '?' : /[?&]$/.test(beforeHash) ? '' : '&';
  return `${beforeHash}${separator}${QR_SCAN_MARKER}${hash}`;
}
