// Entry of the built CLI (dist/cli/ossedge.mjs, package.json `bin`): runs one command line and exits with
// its code. The package root is where s.yaml and the function bundles are: two levels up from
// dist/cli/, one level up from local/ when this file runs from source.
import { resolve } from 'node:path';
import { BUILD, runCli } from './cli.ts';

const root = resolve(import.meta.dirname, BUILD ? '../..' : '..');
runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, root }).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`ossedge: ${(e as Error)?.message ?? String(e)}\n`);
    process.exit(1);
  },
);
