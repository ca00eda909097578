import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadDashboardAssets, pickEncoding, toAsset } from './dashboard-assets.js';

describe('dashboard assets', () => {
  const big = Buffer.from('body { color: black; }\n'.repeat(200));

  it('caches hashed names for good and revalidates the rest', () => {
    expect(toAsset('assets/app-ABCD1234.js', big).immutable).toBe(true);
    expect(toAsset('index.html', big).immutable).toBe(false);
    expect(toAsset('assets/app.js', big).immutable).toBe(false);
  });

  it('knows the content types it serves', () => {
    expect(toAsset('index.html', big).contentType).toBe('text/html; charset=utf-8');
    expect(toAsset('assets/app-ABCD1234.css', big).contentType).toBe('text/css; charset=utf-8');
    expect(toAsset('x.bin', big).contentType).toBe('application/octet-stream');
  });

  it('loads a built directory, pairing each file with the compressed forms the build wrote', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dashboard-'));
    try {
      await mkdir(join(dir, 'assets'));
      await writeFile(join(dir, 'index.html'), '<!doctype html>');
      await writeFile(join(dir, 'assets', 'app-ABCD1234.css'), big);
      await writeFile(join(dir, 'assets', 'app-ABCD1234.css.gz'), gzipSync(big));
      const assets = (await loadDashboardAssets(dir))!;
      expect([...assets.keys()].sort()).toEqual(['assets/app-ABCD1234.css', 'index.html']);
      expect(assets.get('assets/app-ABCD1234.css')!.gzip).toBeDefined();
      expect(assets.get('assets/app-ABCD1234.css')!.br).toBeUndefined();
      expect(assets.get('index.html')!.gzip).toBeUndefined();
    } finally {
      await rm(dir, { recursive: true });
    }
    expect(await loadDashboardAssets(join(tmpdir(), 'no-such-dashboard-dir'))).toBeNull();
  });

  it('answers with the best encoding the client takes', () => {
    const asset = toAsset('assets/app-ABCD1234.css', big, { br: Buffer.from('b'), gzip: Buffer.from('g') });
    expect(pickEncoding(asset, 'gzip, deflate, br, zstd')).toBe('br');
    expect(pickEncoding(asset, 'gzip;q=1.0')).toBe('gzip');
    expect(pickEncoding(asset, undefined)).toBeNull();
    expect(pickEncoding(toAsset('tiny.css', Buffer.from('a{}')), 'br')).toBeNull();
  });

  it('gives equal content equal ETags', () => {
    expect(toAsset('a.css', big).etag).toBe(toAsset('b.css', Buffer.from(big)).etag);
    expect(toAsset('a.css', big).etag).not.toBe(toAsset('a.css', Buffer.from('other')).etag);
  });
});
