// Which client reads a bucket (DESIGN.md connection rules): an explicit endpoint serves every bucket;
// otherwise a bucket's own region — the file's, ListBuckets' answer, or one GetBucketLocation. Clients
// for public region endpoints are only looked at (region, host), never sent a request.
import { describe, expect, it } from 'vitest';
import { loadConfig, type OssedgeConfig } from '../../../shared/config/index.ts';
import { bucketClients, createClientCache, regionOfLocation } from '../../../shared/state/oss-clients.ts';
import type { OssClient } from '../../../shared/oss/client.ts';
import { listObjectsV2Page } from '../../../shared/oss/ops/list.ts';
import { ossClient, useEmulator } from '../../helpers/emulator.ts';

const emu = useEmulator({ dataPlane: false, region: 'cn-shenzhen' });

async function config(text: string): Promise<OssedgeConfig> {
  const r = await loadConfig(text);
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  return r.config;
}

const where = async (p: Promise<unknown>) => {
  const c = (await p) as OssClient;
  return [c.region, c.endpoint.host];
};
/** The cache, asking the emulator's keys for every request. */
const keyed = <C extends ReturnType<typeof createClientCache>>(cache: C): C => {
  cache.use({ getCredentials: async () => ({ accessKeyId: emu().accessKeyId, accessKeySecret: emu().accessKeySecret }) });
  return cache;
};
const lookups = () => emu().requestLog().filter((e) => e.op === 'GetBucketLocation').map((e) => e.bucket);

describe('bucketClients', () => {
  it('locates a bucket nothing places (one GetBucketLocation, remembered) and reads it at its region\'s endpoint', async () => {
    emu().seed.createBucket('rr-located');
    emu().resetLog();
    const clients = bucketClients(createClientCache({ internal: false }), { lookup: ossClient(emu()), fallbackRegion: 'cn-hangzhou' });
    expect(await where(clients.clientFor('rr-located'))).toEqual(['cn-shenzhen', 'oss-cn-shenzhen.aliyuncs.com']);
    expect(await where(clients.clientFor('rr-located'))).toEqual(['cn-shenzhen', 'oss-cn-shenzhen.aliyuncs.com']);
    expect(lookups()).toEqual(['rr-located']);
    expect(clients.located()).toEqual(['rr-located']);
  });

  it('takes ListBuckets\' region without a lookup, and falls back to the function\'s region for a bucket that cannot be located', async () => {
    emu().resetLog();
    const clients = bucketClients(createClientCache({ internal: true }), { lookup: ossClient(emu()), fallbackRegion: 'cn-hangzhou' });
    clients.learn('rr-listed', 'oss-cn-beijing');
    expect(await where(clients.clientFor('rr-listed'))).toEqual(['cn-beijing', 'oss-cn-beijing-internal.aliyuncs.com']);
    expect(await where(clients.clientFor('rr-missing'))).toEqual(['cn-hangzhou', 'oss-cn-hangzhou-internal.aliyuncs.com']);
    expect(lookups()).toEqual(['rr-missing']);
  });

  it('uses the file\'s region and defaults for its buckets, and still locates the buckets it does not name', async () => {
    emu().seed.createBucket('rr-outside');
    emu().resetLog();
    const file = await config('version: 1\ndefaults: {region: cn-qingdao}\nbuckets:\n  rr-own: {referer: null}\n  rr-placed: {region: cn-chengdu, referer: null}\n');
    const clients = bucketClients(createClientCache({ internal: false }), { config: file, lookup: ossClient(emu()), fallbackRegion: 'cn-hangzhou' });
    expect(await where(clients.clientFor('rr-own'))).toEqual(['cn-qingdao', 'oss-cn-qingdao.aliyuncs.com']);
    expect(await where(clients.clientFor('rr-placed'))).toEqual(['cn-chengdu', 'oss-cn-chengdu.aliyuncs.com']);
    expect(await where(clients.clientFor('rr-outside'))).toEqual(['cn-shenzhen', 'oss-cn-shenzhen.aliyuncs.com']);
    expect(lookups()).toEqual(['rr-outside']);
  });

  it('sends every bucket to an explicit endpoint (connection or defaults.endpoint) without any lookup', async () => {
    emu().resetLog();
    const host = new URL(emu().endpoint).host;
    const forced = bucketClients(createClientCache({ endpoint: emu().endpoint, internal: false }), { lookup: ossClient(emu()), fallbackRegion: emu().region });
    expect(await where(forced.clientFor('rr-anything'))).toEqual([emu().region, host]);
    const file = await config(`version: 1\ndefaults: {endpoint: '${emu().endpoint}', region: ${emu().region}}\nbuckets:\n  rr-own: {referer: null}\n`);
    const byFile = bucketClients(createClientCache({ internal: false, fileEndpoint: true }), { config: file, lookup: ossClient(emu()) });
    expect(await where(byFile.clientFor('rr-own'))).toEqual([emu().region, host]);
    expect(await where(byFile.clientFor('rr-other'))).toEqual([emu().region, host]);
    const regionForced = bucketClients(createClientCache({ region: 'cn-wulanchabu', internal: false }), { lookup: ossClient(emu()) });
    expect(await where(regionForced.clientFor('rr-x'))).toEqual(['cn-wulanchabu', 'oss-cn-wulanchabu.aliyuncs.com']);
    expect(lookups()).toEqual([]);
  });

  it('signs for the explicit endpoint\'s region, never the file\'s bucket region: the emulator (checking the V4 scope region) answers', async () => {
    emu().seed.createBucket('rr-signed');
    const file = await config('version: 1\ndefaults: {region: cn-qingdao}\nbuckets:\n  rr-signed: {region: cn-chengdu, referer: null}\n');
    // OSS_ENDPOINT at a host that names no region: the function's region signs (OSS_REGION would too)
    const envCache = keyed(createClientCache({ endpoint: emu().endpoint, internal: false }));
    const viaEnv = bucketClients(envCache, { config: file, lookup: ossClient(emu()), fallbackRegion: emu().region });
    const client = await viaEnv.clientFor('rr-signed');
    expect(client.region).toBe(emu().region);
    await expect(listObjectsV2Page(client, { bucket: 'rr-signed', maxKeys: 1 })).resolves.toMatchObject({ contents: [] });
    // the CLI with the file's own defaults.endpoint: the file's defaults.region goes with it, not the bucket's
    const own = await config(`version: 1\ndefaults: {endpoint: '${emu().endpoint}', region: ${emu().region}}\nbuckets:\n  rr-signed: {region: cn-chengdu, referer: null}\n`);
    const viaFile = bucketClients(keyed(createClientCache({ internal: false, fileEndpoint: true })), { config: own, lookup: ossClient(emu()), fallbackRegion: 'cn-hangzhou' });
    await expect(listObjectsV2Page(await viaFile.clientFor('rr-signed'), { bucket: 'rr-signed', maxKeys: 1 })).resolves.toMatchObject({ contents: [] });
    // an OSS host names its region: that region signs, whatever the file or the function\'s region say
    const named = createClientCache({ endpoint: 'https://oss-cn-beijing-internal.aliyuncs.com', internal: true });
    expect([named.forBucket(file, { region: 'cn-chengdu' }, 'cn-hangzhou').region, named.home('cn-hangzhou').region]).toEqual(['cn-beijing', 'cn-beijing']);
  });

  it('refuses an endpoint whose host names another region than the one given (ENDPOINT_REGION_MISMATCH), before any request', async () => {
    emu().resetLog();
    const cache = createClientCache({ endpoint: 'oss-cn-beijing.aliyuncs.com', region: 'cn-hangzhou', internal: false });
    expect(() => cache.home(undefined)).toThrow(expect.objectContaining({ code: 'ENDPOINT_REGION_MISMATCH', message: expect.stringMatching(/oss-cn-beijing\.aliyuncs\.com is in region cn-beijing but the region given is cn-hangzhou/) }));
    expect(() => cache.forBucket({ defaults: {} }, {}, 'cn-hangzhou')).toThrow(expect.objectContaining({ code: 'ENDPOINT_REGION_MISMATCH' }));
    const file = await config('version: 1\ndefaults: {endpoint: oss-cn-shanghai.aliyuncs.com, region: cn-qingdao}\nbuckets: {}\n');
    expect(() => createClientCache({ internal: false, fileEndpoint: true }).forBucket(file, {}, undefined)).toThrow(expect.objectContaining({ code: 'ENDPOINT_REGION_MISMATCH' }));
    expect(createClientCache({ endpoint: 'oss-cn-beijing.aliyuncs.com', region: 'cn-beijing' }).home(undefined).region).toBe('cn-beijing');
    expect(emu().requestLog()).toEqual([]);
  });

  it('refuses the file\'s defaults.endpoint unless the connection honours it (the CLI), before any client exists', async () => {
    emu().resetLog();
    const file = await config(`version: 1\ndefaults: {endpoint: '${emu().endpoint}', region: ${emu().region}}\nbuckets:\n  rr-own: {referer: null}\n`);
    const cache = createClientCache({ internal: true });
    expect(() => cache.admit(file)).toThrow(expect.objectContaining({ code: 'CONFIG_ENDPOINT_NOT_ALLOWED', statusCode: 400 }));
    expect(() => cache.forBucket(file, {}, 'cn-hangzhou')).toThrow(expect.objectContaining({ code: 'CONFIG_ENDPOINT_NOT_ALLOWED' }));
    const clients = bucketClients(cache, { config: file, lookup: ossClient(emu()) });
    for (const b of ['rr-own', 'rr-other']) await expect(clients.clientFor(b)).rejects.toMatchObject({ code: 'CONFIG_ENDPOINT_NOT_ALLOWED' });
    const plain = await config('version: 1\ndefaults: {region: cn-beijing}\nbuckets: {}\n');
    expect(() => cache.admit(plain)).not.toThrow();
    expect(() => createClientCache({ internal: false, fileEndpoint: true }).admit(file)).not.toThrow();
    expect(emu().requestLog()).toEqual([]);
  });

  it('reads a region at the endpoint the injected region map gives it, the others at OSS\'s own; an explicit endpoint still wins', async () => {
    const map = { 'cn-beijing': 'http://127.0.0.1:1' };
    const clients = bucketClients(createClientCache({ internal: true, regionEndpoints: map }), { lookup: ossClient(emu()), fallbackRegion: 'cn-hangzhou' });
    clients.learn('rr-bj', 'oss-cn-beijing');
    clients.learn('rr-sh', 'oss-cn-shanghai');
    expect(await where(clients.clientFor('rr-bj'))).toEqual(['cn-beijing', '127.0.0.1:1']);
    expect(await where(clients.clientFor('rr-sh'))).toEqual(['cn-shanghai', 'oss-cn-shanghai-internal.aliyuncs.com']);
    const forced = bucketClients(createClientCache({ endpoint: emu().endpoint, region: emu().region, regionEndpoints: map }), { lookup: ossClient(emu()) });
    forced.learn('rr-bj', 'oss-cn-beijing');
    expect(await where(forced.clientFor('rr-bj'))).toEqual([emu().region, new URL(emu().endpoint).host]);
  });

  it('turns a location constraint into a region id', () => {
    expect(regionOfLocation('oss-cn-hangzhou')).toBe('cn-hangzhou');
    expect(regionOfLocation('ap-southeast-1')).toBe('ap-southeast-1');
    expect(regionOfLocation(undefined)).toBeUndefined();
    expect(regionOfLocation('')).toBeUndefined();
  });
});
