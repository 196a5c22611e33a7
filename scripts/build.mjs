// One esbuild run per function: dist/<function>/ holds everything that function loads.
import { build } from 'esbuild';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const functionsDir = 'functions';
const names = existsSync(functionsDir)
  ? readdirSync(functionsDir).filter((n) => existsSync(join(functionsDir, n, 'index.ts')))
  : [];
if (names.length === 0) console.log('build: no functions yet');
for (const name of names) {
  const outdir = join('dist', name);
  rmSync(outdir, { recursive: true, force: true });
  await build({
    entryPoints: { index: join(functionsDir, name, 'index.ts') },
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    outExtension: { '.js': '.mjs' },
    splitting: true,
    minify: true,
    sourcemap: true,
    logLevel: 'warning',
  });
  const size = statSync(join(outdir, 'index.mjs')).size;
  console.log(`build: dist/${name}/index.mjs ${(size / 1024).toFixed(1)} KB`);
}
