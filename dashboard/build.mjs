// Builds the dashboard into dist/dashboard (or the directory given as the first argument):
// one hashed, minified JS bundle (the pages and the parts of Chart.js they use) and one
// hashed CSS file, index.html pointing at them, and a gzip and a brotli copy of each text
// file, so the server only reads files and never compresses at run time. No CDN.
import { build } from 'esbuild';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const outdir = resolve(process.argv[2] ?? join(here, '..', 'dist', 'dashboard'));

await rm(outdir, { recursive: true, force: true });
const result = await build({
  entryPoints: { app: join(here, 'src', 'main.ts'), styles: join(here, 'src', 'styles.css') },
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2022', 'chrome110', 'safari16', 'firefox115'],
  entryNames: '[name]-[hash]',
  outdir: join(outdir, 'assets'),
  metafile: true,
  legalComments: 'eof',
  logLevel: 'warning',
});

const outputs = Object.keys(result.metafile.outputs).map((file) => resolve(file));
const asset = (ext) => `assets/${basename(outputs.find((file) => file.endsWith(ext)))}`;
const html = (await readFile(join(here, 'index.html'), 'utf8')).replace('%JS%', asset('.js')).replace('%CSS%', asset('.css'));
await mkdir(outdir, { recursive: true });
await writeFile(join(outdir, 'index.html'), html);

const sizes = [];
for (const file of [...outputs, join(outdir, 'index.html')]) {
  const content = await readFile(file);
  const br = brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
  await writeFile(`${file}.gz`, gzipSync(content, { level: 9 }));
  await writeFile(`${file}.br`, br);
  sizes.push(`${relative(outdir, file)} ${(content.length / 1024).toFixed(1)} KiB (${(br.length / 1024).toFixed(1)} KiB brotli)`);
}
console.error(`dashboard: ${sizes.join(', ')}`);
