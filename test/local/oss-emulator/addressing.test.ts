import { describe, expect, it } from 'vitest';
import { parseEmulatorArgs, parseFaultSpec } from '../../../local/oss-emulator/cli.ts';
import { signV4 } from '../../../shared/oss/signer/index.ts';
import { useEmulator } from '../../helpers/emulator.ts';
import { rawRequest } from '../../helpers/raw-http.ts';

/** Path-style and virtual-hosted addressing (Host header), and the CLI's flag parsing. */

const emu = useEmulator({ serviceHosts: ['localhost', '127.0.0.1', 'oss.test'], dataPlane: false });
const KEY = { accessKeyId: 'ossedge-local-ak', accessKeySecret: 'ossedge-local-secret' };

async function get(path: string, host: string, bucket: string, key: string): Promise<{ status: number; body: string }> {
  const signed = signV4({ request: { method: 'GET', bucket, key, query: [], headers: {} }, credentials: KEY, time: new Date(), region: 'cn-hangzhou' });
  const { status, body } = await rawRequest(`${emu().endpoint}${path}`, { host, headers: signed.headers });
  return { status, body };
}

describe('addressing', () => {
  it('does serve path style, virtual-hosted style under each service host, and path style under a real OSS domain', async () => {
    emu().seed.createBucket('addr-bucket');
    emu().seed.putObject('addr-bucket', 'd/k.txt', 'addressed');
    const port = emu().port;
    expect(await get('/addr-bucket/d/k.txt', `127.0.0.1:${port}`, 'addr-bucket', 'd/k.txt')).toEqual({ status: 200, body: 'addressed' });
    expect(await get('/d/k.txt', `addr-bucket.localhost:${port}`, 'addr-bucket', 'd/k.txt')).toEqual({ status: 200, body: 'addressed' });
    expect(await get('/d/k.txt', 'addr-bucket.oss.test', 'addr-bucket', 'd/k.txt')).toEqual({ status: 200, body: 'addressed' });
    // ali-oss with sldEnable sends the bucket in the path and a real OSS domain in Host.
    expect(await get('/addr-bucket/d/k.txt', 'addr-bucket.oss-cn-hangzhou.aliyuncs.com', 'addr-bucket', 'd/k.txt')).toEqual({ status: 200, body: 'addressed' });
    const log = emu().requestLog().slice(-4);
    expect(log.map((e) => [e.op, e.bucket, e.key])).toEqual(Array(4).fill(['GetObject', 'addr-bucket', 'd/k.txt']));
  });
});

describe('CLI flags', () => {
  it('does turn flags into emulator options', () => {
    const o = parseEmulatorArgs([
      '--port', '0', '--data', '/tmp/x', '--region', 'cn-beijing', '--access-key-id', 'id', '--access-key-secret', 'sec',
      '--security-token', 'tok', '--service-host', 'a.test', '--service-host', 'b.test', '--admin',
      '--fault', 'op=GetObject,errorRate=0.5,error=SlowDown', '--fault', 'failNext=2,kind=reset', '--fault-seed', '9',
    ]);
    expect(o).toEqual({
      port: 0,
      dataDir: '/tmp/x',
      region: 'cn-beijing',
      credentials: [{ accessKeyId: 'id', accessKeySecret: 'sec', securityToken: 'tok' }],
      serviceHosts: ['a.test', 'b.test'],
      adminEnabled: true,
      faults: [{ op: 'GetObject', errorRate: 0.5, error: 'SlowDown' }, { failNext: 2, kind: 'reset' }],
      faultSeed: 9,
    });
  });

  it('does refuse a bad port, a lone secret and a malformed fault', () => {
    expect(() => parseEmulatorArgs(['--port', '70000'])).toThrow(/--port/);
    expect(() => parseEmulatorArgs(['--access-key-secret', 's'])).toThrow(/go together/);
    expect(() => parseFaultSpec('errorRate')).toThrow(/key=value/);
    expect(() => parseFaultSpec('latencyMs=soon')).toThrow(/number/);
  });
});
