import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';

export interface DashboardAsset {
  /** Path under /dashboard/, e.g. `index.html` or `assets/app-3F2A.js`. */
  path: string;
  contentType: string;
  etag: string;
  /** Hashed names never change content: cached for a year. index.html is revalidated every time. */
  immutable: boolean;
  identity: Buffer;
  gzip?: Buffer;
  br?: Buffer;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};
/** Precompressed siblings the build writes next to a text file (`app-X.js.br`, `app-X.js.gz`). */
const COMPRESSED = { br: '.br', gzip: '.gz' } as const;
/** esbuild's [hash] in a file name: `app-ABCD1234.js`. */
const HASHED_NAME = /-[A-Z0-9]{8}\.[a-z]+$/;

/** One file as served: its type, ETag, cache policy, and the compressed forms the build made of it. */
export function toAsset(path: string, content: Buffer, compressed: { gzip?: Buffer; br?: Buffer } = {}): DashboardAsset {
  const ext = extname(path);
  const asset: DashboardAsset = {
    path,
    contentType: CONTENT_TYPES[ext] ?? 'application/octet-stream',
    etag: `"${createHash('sha256').update(content).digest('base64url').slice(0, 22)}"`,
    immutable: HASHED_NAME.test(path),
    identity: content,
    ...compressed,
  };
  return asset;
}

/** The best encoding the client accepts that the asset has: br, then gzip, else none. */
export function pickEncoding(asset: DashboardAsset, acceptEncoding: string | undefined): 'br' | 'gzip' | null {
  const accepted = new Set((acceptEncoding ?? '').split(',').map((part) => part.split(';')[0].trim().toLowerCase()).filter(Boolean));
  if (asset.br && accepted.has('br')) return 'br';
  if (asset.gzip && accepted.has('gzip')) return 'gzip';
  return null;
}

/** Every file of the built dashboard, by its path under /dashboard/; null when the directory does not exist (not built). */
export async function loadDashboardAssets(dir: string): Promise<Map<string, DashboardAsset> | null> {
  let names: string[];
  try {
    names = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  } catch {
    return null;
  }
  const present = new Set(names);
  const sibling = async (file: string, ext: string) => (present.has(file + ext) ? readFile(file + ext) : undefined);
  const assets = new Map<string, DashboardAsset>();
  for (const file of names) {
    if (file.endsWith(COMPRESSED.br) || file.endsWith(COMPRESSED.gzip)) continue;
    const path = relative(dir, file).split(sep).join('/');
    const [br, gzip] = await Promise.all([sibling(file, COMPRESSED.br), sibling(file, COMPRESSED.gzip)]);
    assets.set(path, toAsset(path, await readFile(file), { br, gzip }));
  }
  return assets;
}
