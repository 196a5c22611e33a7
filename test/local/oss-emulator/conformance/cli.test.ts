// `npm run conformance` against the emulator: every decision row matches, buckets are removed again, a data
// plane that disagrees is reported as MISMATCH with exit 1, and the secret key never appears in the output.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../../../local/oss-emulator/index.ts';
import { conformanceCli } from '../../../../local/oss-emulator/conformance/cli.ts';
import { startScriptedOrigin, type ScriptedOrigin } from '../../../../local/oss-emulator/conformance/scripted-origin.ts';
import { DECISION_ROWS } from '../../../../local/oss-emulator/dataplane/decisions/index.ts';

const KEY = { accessKeyId: 'rows-ak', accessKeySecret: 'rows-secret-not-printed' };
let emu: EmulatorHandle;
let plain: EmulatorHandle;
let origin: ScriptedOrigin;

beforeAll(async () => {
  [emu, plain, origin] = await Promise.all([
    startEmulator({
    credentials: [{ accessKeyId: KEY.accessKeyId, accessKeySecret: KEY.accessKeySecret }],
    // the role store: the default mirror role acts with the emulator's own key
    dataPlaneOptions: { mirrorTimeoutMs: 2000, mirrorRoles: { AliyunOSSMirrorDefaultRole: KEY } },
  }),
    // no data plane: OSS without mirroring or Referer, so the rows must not match
    startEmulator({ dataPlane: false }),
    startScriptedOrigin(),
  ]);
});
afterAll(async () => {
  await Promise.all([origin?.close(), emu?.close(), plain?.close()]);
});

async function run(target: EmulatorHandle, extra: string[] = [], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await conformanceCli(
    ['--endpoint', target.endpoint, '--region', target.region, '--bucket-prefix', 'conf', '--origin', origin.url, ...extra],
    { OSS_ACCESS_KEY_ID: target.accessKeyId, OSS_ACCESS_KEY_SECRET: target.accessKeySecret, ...env },
    { out: (l) => out.push(l), err: (l) => err.push(l) },
  );
  return { code, out, err };
}

describe('npm run conformance', () => {
  it('matches every row against the emulator, prints the evidence and removes its buckets', async () => {
    const { code, out, err } = await run(emu);
    expect(out.filter((l) => l.startsWith('MISMATCH'))).toEqual([]);
    expect(code).toBe(0);
    for (const row of DECISION_ROWS) expect(out).toContain(`match    ${row.id}`);
    expect(out).toContain(`${DECISION_ROWS.length}/${DECISION_ROWS.length} rows match`);
    expect(out.some((l) => /step 1: status 424 \(expected 424\)/.test(l))).toBe(true);
    expect(emu.store.bucketNames()).toEqual([]);
    expect([...out, ...err].join('\n')).not.toContain(emu.accessKeySecret);
  });

  it('reports MISMATCH with the evidence and exits 1 when the data plane disagrees', async () => {
    const { code, out } = await run(plain, ['--only', 'M-MD5-MISMATCH,R-ANON-PUT']);
    expect(code).toBe(1);
    expect(out).toContain('MISMATCH M-MD5-MISMATCH');
    expect(out).toContain('MISMATCH R-ANON-PUT');
    expect(out.some((l) => l.includes('MISMATCH step 1: status 404 (expected 200)'))).toBe(true);
  });

  it('refuses to run without credentials, a valid prefix or a region (exit 2, nothing created)', async () => {
    const noKeys = await conformanceCli(['--endpoint', emu.endpoint, '--region', 'cn-hangzhou', '--bucket-prefix', 'conf', '--origin', origin.url], {}, { out: () => {}, err: () => {} });
    expect(noKeys).toBe(2);
    expect((await run(emu, ['--bucket-prefix', 'Bad_Prefix'])).code).toBe(2);
    const noRegion = await conformanceCli(['--endpoint', emu.endpoint, '--bucket-prefix', 'conf', '--origin', origin.url],
      { OSS_ACCESS_KEY_ID: 'a', OSS_ACCESS_KEY_SECRET: 'b' }, { out: () => {}, err: () => {} });
    expect(noRegion).toBe(2);
  });
});
