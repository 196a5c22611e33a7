// A running emulator (with the data plane, a short mirror timeout and the test CA trusted), ali-oss clients
// that configure buckets as a user would, and local origins. Anonymous `fetch` plays the browser.
import OSS from 'ali-oss';
import { startEmulator, type EmulatorHandle } from '../../../../local/oss-emulator/index.ts';
import { startOrigin, testPki, type OriginServer } from '../../../helpers/origin.ts';

/** Short, so slow-origin tests stay fast; a slow origin waits well past it. */
export const TEST_MIRROR_TIMEOUT_MS = 400;

export interface Rig {
  emu: EmulatorHandle;
  client(bucket: string): OSS;
  /** Creates a bucket (public-read unless told) in the emulator and returns an ali-oss client for it. */
  bucket(name: string, acl?: 'private' | 'public-read'): Promise<OSS>;
  url(bucket: string, key: string, query?: string): string;
  origin(https?: boolean): Promise<OriginServer>;
  close(): Promise<void>;
}

/** `dataPlaneOptions` is handed to the emulator as is (defaults filled in place), so a test may flip a switch later. */
export async function startRig(dataPlaneOptions: Record<string, unknown> = {}): Promise<Rig> {
  if (!('mirrorTimeoutMs' in dataPlaneOptions)) dataPlaneOptions.mirrorTimeoutMs = TEST_MIRROR_TIMEOUT_MS;
  if (!('originCa' in dataPlaneOptions)) dataPlaneOptions.originCa = testPki().ca;
  const emu = await startEmulator({
    // ali-oss sends `Host: <bucket>.oss-cn-hangzhou.aliyuncs.com` to an IP endpoint.
    serviceHosts: ['127.0.0.1', 'localhost', 'oss-cn-hangzhou.aliyuncs.com'],
    dataPlaneOptions,
  });
  const origins: OriginServer[] = [];
  const client = (bucket: string): OSS =>
    new OSS({ endpoint: emu.endpoint, accessKeyId: emu.accessKeyId, accessKeySecret: emu.accessKeySecret, bucket, timeout: 5000 });
  const rig: Rig = {
    emu,
    client,
    async bucket(name, acl = 'public-read') {
      rig.emu.seed.createBucket(name, { acl });
      return client(name);
    },
    url: (bucket, key, query) => `${emu.endpoint}/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}${query ? `?${query}` : ''}`,
    async origin(https = false) {
      const o = await startOrigin({ https });
      origins.push(o);
      return o;
    },
    async close() {
      await Promise.all(origins.map((o) => o.close()));
      await emu.close();
    },
  };
  return rig;
}

/** ali-oss `routingRules` entries use the XML element names. */
export type AliOssRoutingRule = Record<string, unknown>;

export async function putRules(c: OSS, bucket: string, rules: AliOssRoutingRule[], extra: Record<string, unknown> = {}): Promise<void> {
  await (c as unknown as { putBucketWebsite(n: string, cfg: Record<string, unknown>): Promise<unknown> }).putBucketWebsite(bucket, {
    index: 'index.html',
    ...extra,
    routingRules: rules,
  });
}
