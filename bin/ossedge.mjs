#!/usr/bin/env node
// `ossedge` (and `npx ossedge`): runs local/cli.ts through tsx's ESM loader (a dependency of this
// repo's tooling), so the CLI always runs the same source the functions are built from.
import { register } from 'tsx/esm/api';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

register();
const cli = await import(pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), '..', 'local', 'cli.ts')).href);
const code = await cli.runCli(process.argv.slice(2));
process.exit(code);
