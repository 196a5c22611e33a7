import { describe, expect, it } from 'vitest';
import { fail, pass, skip } from '../../../../local/commands/doctor/check.ts';
import { renderChecks, summarize } from '../../../../local/commands/doctor/render.ts';
import { paint } from '../../../../local/commands/output.ts';

const tty = { isTTY: true } as unknown as NodeJS.WritableStream;
const results = [
  pass('credentials', 'key LTAI…wxyz: a signed ListBuckets was accepted'),
  fail('config', 'CONFIG_INVALID: 1 problem(s) in oss://c/ossedge.yaml', 'fix them and upload again', ['ossedge.yaml:3:5: buckets.x: bad (CONFIG_X)']),
  skip('git token', 'GitOps is off (no OSSEDGE_GIT_TOKEN)'),
];

describe('renderChecks', () => {
  it('one line per check, details and the hint indented under it, then the summary', () => {
    expect(renderChecks(results, paint(tty, { NO_COLOR: '1' }))).toEqual([
      '✓ credentials: key LTAI…wxyz: a signed ListBuckets was accepted',
      '✗ config: CONFIG_INVALID: 1 problem(s) in oss://c/ossedge.yaml',
      '    ossedge.yaml:3:5: buckets.x: bad (CONFIG_X)',
      '    hint: fix them and upload again',
      '– git token: skipped: GitOps is off (no OSSEDGE_GIT_TOKEN)',
      '',
      'doctor: 1 passed, 1 failed, 1 skipped: 1 problem(s) to fix (exit 1)',
    ]);
    expect(summarize(results)).toEqual({ passed: 1, failed: 1, skipped: 1 });
  });

  it('colours the marks on a terminal, never with NO_COLOR', () => {
    const lines = renderChecks(results, paint(tty, {}));
    expect(lines[0]).toBe('\x1b[32m✓\x1b[0m credentials: key LTAI…wxyz: a signed ListBuckets was accepted');
    expect(lines[1]!.startsWith('\x1b[31m✗\x1b[0m config:')).toBe(true);
    expect(lines[4]!.startsWith('\x1b[33m–\x1b[0m git token:')).toBe(true);
    expect(renderChecks(results, paint(tty, { NO_COLOR: 'x' })).join('\n')).not.toContain('\x1b[');
  });

  it('says no problems when nothing failed', () => {
    expect(renderChecks([pass('a', 'b'), skip('c', 'd')], paint(tty, { NO_COLOR: '1' })).at(-1)).toBe('doctor: 1 passed, 0 failed, 1 skipped: no problems found');
  });
});
