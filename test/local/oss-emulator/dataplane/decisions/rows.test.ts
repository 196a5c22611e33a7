// Generated from the decision tables: every row of local/oss-emulator/dataplane/decisions is driven through
// the emulator's data plane by the conformance driver (ali-oss for settings and signed requests, fetch as the
// browser), with the scripted origin on loopback. The same driver runs the rows against real OSS
// (`npm run conformance`), so a row that passes here is a claim anyone can check there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../../../../local/oss-emulator/index.ts';
import { DECISION_ROWS } from '../../../../../local/oss-emulator/dataplane/decisions/index.ts';
import { runRow } from '../../../../../local/oss-emulator/conformance/drive.ts';
import { startScriptedOrigin, type ScriptedOrigin } from '../../../../../local/oss-emulator/conformance/scripted-origin.ts';
import type { ConformanceTarget } from '../../../../../local/oss-emulator/conformance/oss-session.ts';

const KEY = { accessKeyId: 'rows-ak', accessKeySecret: 'rows-secret-not-printed' };
let emu: EmulatorHandle;
let origin: ScriptedOrigin;
let target: ConformanceTarget;

beforeAll(async () => {
  emu = await startEmulator({
    credentials: [{ accessKeyId: KEY.accessKeyId, accessKeySecret: KEY.accessKeySecret }],
    // the role store: the default mirror role acts with the emulator's own key
    dataPlaneOptions: { mirrorTimeoutMs: 2000, mirrorRoles: { AliyunOSSMirrorDefaultRole: KEY } },
  });
  origin = await startScriptedOrigin();
  target = {
    endpoint: emu.endpoint, region: emu.region, accessKeyId: emu.accessKeyId, accessKeySecret: emu.accessKeySecret,
    bucketPrefix: 'row', originUrl: origin.url,
  };
});
afterAll(async () => {
  await origin?.close();
  await emu?.close();
});

describe('decision rows through the emulator data plane', () => {
  for (const [i, row] of DECISION_ROWS.entries()) {
    it(`${row.id}: ${row.decision}`, async () => {
      const result = await runRow(row, target, `row-${i}`);
      expect(result.error).toBeUndefined();
      expect(result.evidence.filter((l) => l.startsWith('MISMATCH'))).toEqual([]);
      expect(result.match).toBe(true);
      // the row's bucket is removed again
      expect(emu.store.bucket(`row-${i}`)).toBeUndefined();
    });
  }

  it('cites at least one source with a quote for every row, and ids are unique', () => {
    expect(new Set(DECISION_ROWS.map((r) => r.id)).size).toBe(DECISION_ROWS.length);
    for (const row of DECISION_ROWS) {
      expect(row.sources.length).toBeGreaterThan(0);
      for (const s of row.sources) expect(s.quote.length).toBeGreaterThan(10);
    }
  });
});
