// Writes the emulator README's decision rows from local/oss-emulator/dataplane/decisions
// (`npm run emulator-readme`), or with --check exits 1 when the README is out of step.
import { readFileSync, writeFileSync } from 'node:fs';
import { CHOICE_NOTES, DECISION_ROWS } from '../local/oss-emulator/dataplane/decisions/index.ts';
import { spliceReadme } from '../local/oss-emulator/dataplane/decisions/readme.ts';

const README = new URL('../local/oss-emulator/README.md', import.meta.url);
const current = readFileSync(README, 'utf8');
const next = spliceReadme(current, DECISION_ROWS, CHOICE_NOTES);
if (process.argv.includes('--check')) {
  if (next !== current) {
    process.stderr.write('local/oss-emulator/README.md is out of step with the decision rows: run npm run emulator-readme\n');
    process.exit(1);
  }
} else if (next !== current) {
  writeFileSync(README, next);
  process.stdout.write('local/oss-emulator/README.md: decision rows rewritten\n');
}
