// The emulator README's decision rows are generated from the tables (`npm run emulator-readme`): this fails
// when someone edits a row without regenerating, or edits the generated README section by hand.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHOICE_NOTES, DECISION_ROWS } from '../../../../../local/oss-emulator/dataplane/decisions/index.ts';
import { renderDecisionRows, spliceReadme } from '../../../../../local/oss-emulator/dataplane/decisions/readme.ts';

const readme = readFileSync(new URL('../../../../../local/oss-emulator/README.md', import.meta.url), 'utf8');

describe('emulator README decision rows', () => {
  it('matches the decision tables exactly (run npm run emulator-readme after changing a row)', () => {
    expect(spliceReadme(readme, DECISION_ROWS, CHOICE_NOTES)).toBe(readme);
  });

  it('lists every choice note with its source', () => {
    for (const n of CHOICE_NOTES) expect(readme).toContain(`| ${n.id} |`);
  });

  it('lists every row with each of its sources and quotes', () => {
    for (const row of DECISION_ROWS) {
      expect(readme).toContain(`**${row.id}**`);
      for (const s of row.sources) expect(readme).toContain(s.doc);
    }
  });

  it('would differ if a row changed', () => {
    const changed = DECISION_ROWS.map((r, i) => (i === 0 ? { ...r, decision: `${r.decision} (changed)` } : r));
    expect(renderDecisionRows(changed)).not.toBe(renderDecisionRows(DECISION_ROWS));
    expect(spliceReadme(readme, changed, CHOICE_NOTES)).not.toBe(readme);
    const note = CHOICE_NOTES.map((n, i) => (i === 0 ? { ...n, why: `${n.why} (changed)` } : n));
    expect(spliceReadme(readme, DECISION_ROWS, note)).not.toBe(readme);
  });
});
