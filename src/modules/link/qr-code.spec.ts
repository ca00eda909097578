import { qrScanUrl, renderQrCode } from './qr-code.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from the IHDR chunk, which a valid PNG has right after its signature. */
function pngDimensions(png: Buffer): { width: number; height: number } {
  expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

async function png(text: string, options?: { size?: number; margin?: number }): Promise<Buffer> {
  const { contentType, body } = await renderQrCode(text, 'png', options);
  expect(contentType).toBe('image/png');
  if (!Buffer.isBuffer(body)) throw new Error('expected a Buffer');
  return body;
}

async function svg(text: string, options?: { size?: number; margin?: number }): Promise<string> {
  const { body } = await renderQrCode(text, 'svg', options);
  return String(body);
}

const link = 'https://go.example.com/Ab3dE9xZ?s=qr';

describe('renderQrCode', () => {
  it('renders a PNG, 512 pixels square by default', async () => {
    const image = await png(link);
    expect(image.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(pngDimensions(image)).toEqual({ width: 512, height: 512 });
  });

  it('renders a PNG of the requested size', async () => {
    expect(pngDimensions(await png(link, { size: 200 }))).toEqual({ width: 200, height: 200 });
    expect(pngDimensions(await png(link, { size: 201, margin: 0 }))).toEqual({ width: 201, height: 201 });
  });

  it('clamps the size to 64..2048 and rounds it', async () => {
    expect(pngDimensions(await png(link, { size: 10 })).width).toBe(64);
    // Larger sizes through SVG: a 2048-pixel PNG takes seconds under Jest's VM modules.
    expect(await svg(link, { size: 100_000 })).toContain('width="2048" height="2048"');
    expect(await svg(link, { size: 200.6 })).toContain('width="201" height="201"');
  });

  it('falls back to the default size for a size that is not a number', async () => {
    expect(await svg(link, { size: Number.NaN })).toContain('width="512" height="512"');
  });

  it('renders an SVG document of the requested size', async () => {
    const { contentType, body } = await renderQrCode(link, 'svg', { size: 256 });
    expect(contentType).toBe('image/svg+xml');
    expect(typeof body).toBe('string');
    expect(body).toContain('<svg');
    expect(body).toContain('width="256" height="256"');
  });

  it('uses error correction M', async () => {
    // With margin 0 the viewBox is the symbol's width in modules. This text needs
    // 29 modules at level L, 33 at M and 37 at Q.
    const text = `https://go.example.com/${'A'.repeat(33)}`;
    expect(await svg(text, { margin: 0 })).toContain('viewBox="0 0 33 33"');
  });

  it('draws the requested quiet zone', async () => {
    // 29 modules for this link at M, plus 2 x 2 modules of margin.
    expect(await svg(link, { margin: 2 })).toContain('viewBox="0 0 33 33"');
  });
});

describe('qrScanUrl', () => {
  it('adds the scan marker to a short link', () => {
    expect(qrScanUrl('https://go.example.com/Ab3dE9xZ')).toBe('https://go.example.com/Ab3dE9xZ?s=qr');
  });

  it('joins an existing query with "&"', () => {
    expect(qrScanUrl('https://go.example.com/Ab3?x=1')).toBe('https://go.example.com/Ab3?x=1&s=qr');
    expect(qrScanUrl('https://go.example.com/Ab3?')).toBe('https://go.example.com/Ab3?s=qr');
  });

  it('puts the marker before a fragment', () => {
    expect(qrScanUrl('https://go.example.com/Ab3#x')).toBe('https://go.example.com/Ab3?s=qr#x');
  });

  it('is read back as s=qr', () => {
    expect(new URL(qrScanUrl('https://go.example.com/Ab3')).searchParams.get('s')).toBe('qr');
  });
});
