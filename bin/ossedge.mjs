#!/usr/bin/env node
// The repository's launcher (`node bin/ossedge.mjs ...`): runs local/cli.ts through tsx's ESM loader, so a
// change to the sources is live without a build. The package's `bin` is the built dist/cli/ossedge.mjs.
import { register } from 'tsx/esm/api';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

register();
const cli = await import(pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), '..', 'local', 'cli.ts')).href);
const code = await cli.runCli(process.argv.slice(2));
process.exit(code);
