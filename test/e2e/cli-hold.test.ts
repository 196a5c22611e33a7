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
