// One esbuild run per function: dist/<function>/ holds everything that function loads (that folder is
// what s.yaml deploys as `code`). ESM with code splitting, so @alicloud/fc2 (ali-oss, axios, ws: ~1 MB),
// which the invoker loads with a dynamic import, sits in its own chunk that only the invoking path reads.
// FC's nodejs20 runtime loads dist/<function>/index.mjs as `index.handler`.
import { build } from 'esbuild';
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

const functionsDir = 'functions';
// Usage: node scripts/build.mjs [--outdir DIR] [--clean] [function ... | cli]   (default outdir: dist; default: all)
// --clean empties the outdir first (npm pack: no bundle of a function that no longer exists gets shipped).
const args = process.argv.slice(2);
const outIndex = args.indexOf('--outdir');
const distDir = outIndex >= 0 ? args.splice(outIndex, 2)[1] : 'dist';
const cleanIndex = args.indexOf('--clean');
if (cleanIndex >= 0) {
  args.splice(cleanIndex, 1);
  rmSync(distDir, { recursive: true, force: true });
}
const only = args;
const names = existsSync(functionsDir)
  ? readdirSync(functionsDir).filter((n) => existsSync(join(functionsDir, n, 'index.ts')) && (only.length === 0 || only.includes(n)))
  : [];
const buildCli = only.length === 0 || only.includes('cli');
if (names.length === 0 && !buildCli) console.log('build: no functions yet');

// CommonJS dependencies bundled into ESM call require() for Node built-ins: give every file a real one.
const banner = "import { createRequire as __ossedgeCreateRequire } from 'node:module'; const require = __ossedgeCreateRequire(import.meta.url);";
// urllib (under ali-oss, under @alicloud/fc2) requires proxy-agent only when a proxy is configured.
const external = ['proxy-agent'];

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const common = {
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
  metafile: true,
  logLevel: 'warning',
};

function printSizes(result, outdir, entry, chunks = true) {
  const files = Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.mjs'));
  const total = files.reduce((s, f) => s + statSync(f).size, 0);
  console.log(`build: ${outdir}/${entry} ${kb(statSync(join(outdir, entry)).size)} (all files ${kb(total)})`);
  for (const f of chunks ? files.filter((f) => basename(f) !== entry) : []) {
    const inputs = Object.keys(result.metafile.outputs[f].inputs);
    const tag = inputs.some((i) => i.includes('node_modules/@alicloud/fc2/')) ? ' [lazy: @alicloud/fc2]' : '';
    console.log(`build:   ${f} ${kb(statSync(f).size)}${tag}`);
  }
}

for (const name of names) {
  const outdir = join(distDir, name);
  rmSync(outdir, { recursive: true, force: true });
  const result = await build({ ...common, entryPoints: { index: join(functionsDir, name, 'index.ts') }, outdir, banner: { js: banner } });
  printSizes(result, outdir, 'index.mjs');
}

// The `ossedge` CLI (package.json `bin`): every runtime dependency bundled in, so an installed package runs
// without tsx, TypeScript or node_modules. Each command's code sits in a chunk of its own, so `--version`
// and `--help` load only the entry. The package's version and "this is the built CLI" are compiled in.
if (buildCli) {
  const outdir = join(distDir, 'cli');
  rmSync(outdir, { recursive: true, force: true });
  const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
  const result = await build({
    ...common,
    entryPoints: { ossedge: 'local/cli-main.ts' },
    outdir,
    // no source maps in the package's CLI: its stack traces are not what an operator reads
    sourcemap: false,
    banner: { js: `#!/usr/bin/env node\n${banner}` },
    define: { __OSSEDGE_BUILD__: JSON.stringify({ version }) },
  });
  printSizes(result, outdir, 'ossedge.mjs', false);
}
