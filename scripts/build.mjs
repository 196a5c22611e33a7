// One esbuild run per function: dist/<function>/ holds everything that function loads (that folder is
// what s.yaml deploys as `code`). ESM with code splitting, so @alicloud/fc2 (ali-oss, axios, ws: ~1 MB),
// which the invoker loads with a dynamic import, sits in its own chunk that only the invoking path reads.
// FC's nodejs20 runtime loads dist/<function>/index.mjs as `index.handler`.
import { build } from 'esbuild';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

const functionsDir = 'functions';
// Usage: node scripts/build.mjs [--outdir DIR] [function ...]   (default outdir: dist)
const args = process.argv.slice(2);
const outIndex = args.indexOf('--outdir');
const distDir = outIndex >= 0 ? args.splice(outIndex, 2)[1] : 'dist';
const only = args;
const names = existsSync(functionsDir)
  ? readdirSync(functionsDir).filter((n) => existsSync(join(functionsDir, n, 'index.ts')) && (only.length === 0 || only.includes(n)))
  : [];
if (names.length === 0) console.log('build: no functions yet');

// CommonJS dependencies bundled into ESM call require() for Node built-ins: give every file a real one.
const banner = "import { createRequire as __ossedgeCreateRequire } from 'node:module'; const require = __ossedgeCreateRequire(import.meta.url);";
// urllib (under ali-oss, under @alicloud/fc2) requires proxy-agent only when a proxy is configured.
const external = ['proxy-agent'];

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
for (const name of names) {
  const outdir = join(distDir, name);
  rmSync(outdir, { recursive: true, force: true });
  const result = await build({
    entryPoints: { index: join(functionsDir, name, 'index.ts') },
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    outExtension: { '.js': '.mjs' },
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    minify: true,
    sourcemap: true,
    external,
    banner: { js: banner },
    metafile: true,
    logLevel: 'warning',
  });
  const files = Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.mjs'));
  const total = files.reduce((s, f) => s + statSync(f).size, 0);
  console.log(`build: ${outdir}/index.mjs ${kb(statSync(join(outdir, 'index.mjs')).size)} (all files ${kb(total)})`);
  for (const f of files.filter((f) => basename(f) !== 'index.mjs')) {
    const inputs = Object.keys(result.metafile.outputs[f].inputs);
    const tag = inputs.some((i) => i.includes('node_modules/@alicloud/fc2/')) ? ' [lazy: @alicloud/fc2]' : '';
    console.log(`build:   ${f} ${kb(statSync(f).size)}${tag}`);
  }
}
