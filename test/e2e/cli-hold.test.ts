// `ossedge hold` refuses bad input before any request: exit 2 with the usage.
import { describe, expect, it } from 'vitest';
import { useEmulator } from '../helpers/emulator.ts';
import { cli } from '../functions/apply-config/support.ts';

const emu = useEmulator({ dataPlane: false });
const reports = ['--reports', 'oss://hd-reports/r/'];

describe('ossedge hold input', () => {
  it('refuses a name that is not a bucket (no path in the key), a missing action or bucket, and no reports location: exit 2, nothing sent', async () => {
    emu().resetLog();
    for (const args of [['hold', 'release', '../../x', ...reports], ['hold', 'release', ...reports], ['hold', ...reports], ['hold', 'drop', 'hd-site', ...reports], ['hold', 'list', 'hd-site', ...reports]]) {
      const r = await cli(emu(), args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toContain('usage: ossedge hold');
    }
    const none = await cli(emu(), ['hold', 'list'], { OSSEDGE_REPORTS: '' });
    expect(none.code).toBe(2);
    expect(none.err).toContain('give --reports oss://bucket/prefix/');
    expect(emu().requestLog()).toEqual([]);
  });
});

describe('ossedge hold list when a hold cannot be read', () => {
  it('fails (exit 1) instead of saying that no bucket is on hold', async () => {
    emu().seed.createBucket('hd-reports');
    emu().seed.putObject('hd-reports', 'r/holds/apply-config/hd-unread.json', JSON.stringify({ bucket: 'hd-unread', runId: 'r1', since: '2026-01-01T00:00:00.000Z' }));
    emu().faults.set({ op: 'GetObject', bucket: 'hd-reports', failNext: 50 });
    try {
      const r = await cli(emu(), ['hold', 'list', ...reports]);
      expect(r.out).not.toContain('no bucket is on hold');
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/^ossedge hold: /);
    } finally {
      emu().faults.clear();
    }
  });

  it('ignores keys under the holds folder that name no bucket (planted), listing the real holds', async () => {
    emu().seed.createBucket('hd-reports');
    emu().seed.putObject('hd-reports', 'r/holds/apply-config/hd-unread.json', JSON.stringify({ bucket: 'hd-unread', runId: 'r1', since: '2026-01-01T00:00:00.000Z' }));
    for (const k of ['UPPER.json', '..json', '-x-.json', '\u001b[2J.json', 'a.json']) emu().seed.putObject('hd-reports', `r/holds/apply-config/${k}`, '{}');
    const r = await cli(emu(), ['hold', 'list', '--json', ...reports]);
    expect(r.code, r.err).toBe(0);
    expect(r.json().holds.map((h: any) => h.bucket)).toEqual(['hd-unread']);
  });
});
