import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../local/oss-emulator/index.ts';
import { PLAN_COMMENT_MARKER, planMarkdown } from '../../shared/apply/plan-markdown.ts';
import { cli, tempFile, writesIn } from '../functions/apply-config/support.ts';

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator({ dataPlane: false });
  emu.seed.createBucket('md-site');
});
afterAll(() => emu?.close());

const CONFIG = "version: 1\nbuckets:\n  md-site:\n    cors:\n      rules: [{allowedOrigin: ['https://md.example.com'], allowedMethod: [GET]}]\n";

describe('ossedge plan --format markdown', () => {
  it('prints the pull request comment text for the plan (exit 3: changes pending), writing nothing', async () => {
    const file = tempFile('ossedge.yaml', CONFIG);
    const md = await cli(emu, ['plan', '-c', file, '--format', 'markdown']);
    expect(md.code).toBe(3);
    expect(md.out.startsWith(`${PLAN_COMMENT_MARKER}\n### ossedge plan: \``)).toBe(true);
    expect(md.out).toContain('#### md-site');
    expect(md.out).toContain('1 with changes');
    // the same renderer as the comment: equal to planMarkdown of the JSON report of the same plan
    const json = await cli(emu, ['plan', '-c', file, '--json']);
    expect(md.out).toBe(`${planMarkdown(json.json(), { path: file.split('/').pop()! })}\n`);
    expect(writesIn(emu, ['md-site'])).toEqual([]);
  });

  it('refuses --format with another value or on another command (exit 2)', async () => {
    const file = tempFile('ossedge.yaml', CONFIG);
    expect((await cli(emu, ['plan', '-c', file, '--format', 'html'])).code).toBe(2);
    expect((await cli(emu, ['apply', '-c', file, '--format', 'markdown'])).code).toBe(2);
  });
});
