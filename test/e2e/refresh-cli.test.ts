// `ossedge refresh` end to end: the CLI table → the command module → the handler → the engine, against
// the emulator (live website rules) and a loopback origin. Exit 0 clean, 1 on failures, 2 on bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../local/oss-emulator/index.ts';
import { startOrigin, type OriginReply, type OriginServer } from '../helpers/origin.ts';
import { mirrorRules, seedCopy, serve } from '../shared/refresh/fixture.ts';
import { runCliOnEmulator } from './cli-process.ts';

let emu: EmulatorHandle;
let origin: OriginServer;

beforeAll(async () => {
  emu = await startEmulator({ dataPlane: false });
  origin = await startOrigin();
  for (const b of ['cli-site', 'cli-broken', 'cli-hostile', 'cli-hostile-del', 'cli-temp']) emu.seed.createBucket(b, { website: { routingRules: mirrorRules(origin.url, 'img/') } });
  seedCopy(emu, 'cli-site', 'img/a.png', 'old png');
  seedCopy(emu, 'cli-site', 'img/b.png', 'same png');
  seedCopy(emu, 'cli-site', 'other/c.txt', 'not mirrored');
  serve(origin, 'img/a.png', { body: 'new png!', contentMd5: true });
  serve(origin, 'img/b.png', { body: 'same png', md5Etag: true });
  seedCopy(emu, 'cli-temp', 'img/t.png', 'old temp');
  serve(origin, 'img/t.png', { body: 'new temp!', contentMd5: true });
  seedCopy(emu, 'cli-broken', 'img/x.png', 'kept');
  origin.route('/img/x.png', { status: 503, body: 'down' });
  // HEAD describes the real 64-byte object; GET answers 200 with an 82-byte "503" page
  const page = '<html><head><title>503 Service Temporarily Unavailable</title></head><body>down</body></html>'.slice(0, 82);
  for (let i = 0; i < 4; i++) {
    seedCopy(emu, 'cli-hostile', `img/h${i}.png`, `good copy ${i}`);
    seedCopy(emu, 'cli-hostile-del', `img/h${i}.png`, `good copy ${i}`);
    origin.route(`/img/h${i}.png`, (req): OriginReply => (req.method === 'HEAD'
      ? { status: 200, headers: { 'content-length': '64', etag: `"64-${i}"` }, body: '' }
      : { status: 200, headers: { 'content-type': 'text/html' }, body: page }));
  }
});
afterAll(async () => {
  await origin?.close();
  await emu?.close();
});

const cli = (args: string[], extraEnv: Record<string, string> = {}) => runCliOnEmulator(emu, ['refresh', ...args], extraEnv);

describe('ossedge refresh', () => {
  it('reports the stale copy without touching it in --dry-run, then refreshes it; --json prints the report alone', async () => {
    const dry = await cli(['--bucket', 'cli-site', '--dry-run', '--allow-private-origins']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/img\/a\.png\s+STALE/);
    expect(dry.stdout).toMatch(/2 scanned: 1 unchanged, 1 stale, 0 refreshed/);
    expect((await emu.seed.readObject('cli-site', 'img/a.png'))?.toString()).toBe('old png');
    const real = await cli(['--bucket', 'cli-site', '--json', '--allow-private-origins']);
    expect(real.code).toBe(0);
    const report = JSON.parse(real.stdout);
    expect(report.summary).toMatchObject({ scanned: 2, stale: 1, refreshed: 1, bytesMoved: 8 });
    expect((await emu.seed.readObject('cli-site', 'img/a.png'))?.toString()).toBe('new png!');
    expect((await emu.seed.readObject('cli-site', 'other/c.txt'))?.toString()).toBe('not mirrored');
  });

  it('exits 1 and keeps the copy when the origin fails', async () => {
    const r = await cli(['--bucket', 'cli-broken', '--allow-private-origins']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/ORIGIN_ERROR/);
    expect((await emu.seed.readObject('cli-broken', 'img/x.png'))?.toString()).toBe('kept');
  });

  it('keeps every copy and exits 1 when the origin answers GET with an error page that contradicts its HEAD', async () => {
    const r = await cli(['--bucket', 'cli-hostile', '--json', '--allow-private-origins']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.summary).toMatchObject({ scanned: 4, stale: 4, refreshed: 0, refused: 4 });
    expect(report.items.map((i: { code: string }) => i.code)).toEqual(Array(4).fill('ORIGIN_CONTRADICTS'));
    for (let i = 0; i < 4; i++) expect((await emu.seed.readObject('cli-hostile', `img/h${i}.png`))?.toString()).toBe(`good copy ${i}`);
  });

  it('--strategy delete keeps every copy too when the origin answers GET with an error page that contradicts its HEAD', async () => {
    const r = await cli(['--bucket', 'cli-hostile-del', '--strategy', 'delete', '--json', '--allow-private-origins']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.summary).toMatchObject({ scanned: 4, stale: 4, deleted: 0, refused: 4 });
    expect(report.items.map((i: { code: string }) => i.code)).toEqual(Array(4).fill('ORIGIN_CONTRADICTS'));
    for (let i = 0; i < 4; i++) expect((await emu.seed.readObject('cli-hostile-del', `img/h${i}.png`))?.toString()).toBe(`good copy ${i}`);
  });

  it('names refused copies in the summary line (not only stale/refreshed/failed)', async () => {
    const r = await cli(['--bucket', 'cli-hostile', '--allow-private-origins']);
    expect(r.code).toBe(1);
    const summary = r.stdout.trim().split('\n').at(-1)!;
    expect(summary).toMatch(/^4 scanned: 0 unchanged, 4 stale, 0 refreshed, 0 deleted, 0 failed, 4 refused \(origin contradicts itself\); 0 bytes moved$/);
  });

  it('names temporary objects left in the summary line when DeleteObject fails', async () => {
    emu.faults.set({ op: 'DeleteObject', errorRate: 1 });
    let r;
    try {
      r = await cli(['--bucket', 'cli-temp', '--allow-private-origins']);
    } finally {
      emu.faults.clear();
    }
    expect((await emu.seed.readObject('cli-temp', 'img/t.png'))?.toString()).toBe('new temp!');
    const summary = r.stdout.trim().split('\n').at(-1)!;
    expect(summary).toMatch(/^1 scanned: 0 unchanged, 1 stale, 1 refreshed, 0 deleted, 0 failed, 1 temporary objects left; 9 bytes moved$/);
  });

  it('refuses loopback origins unless private origins are allowed', async () => {
    const r = await cli(['--bucket', 'cli-site', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).items.some((i: { message: string }) => /NET_BLOCKED_ADDRESS/.test(i.message))).toBe(true);
  });

  it('exits 2 on bad input', async () => {
    expect((await cli([])).code).toBe(2);
    expect((await cli(['--bucket', 'x', '--strategy', 'burn'])).code).toBe(2);
    expect((await cli(['--bucket', 'x', '--max-objects', '-1'])).code).toBe(2);
  });
});
