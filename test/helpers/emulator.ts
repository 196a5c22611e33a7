import OSS from 'ali-oss';
import { afterAll, beforeAll } from 'vitest';
import { createOssClient, type OssClient, type OssClientOptions } from '../../shared/oss/client.ts';
import { startEmulator, type EmulatorHandle, type EmulatorOptions } from '../../local/oss-emulator/index.ts';

/**
 * One OSS emulator per test file: `const emu = useEmulator()` registers beforeAll/afterAll; call
 * `emu()` inside tests to get the running handle. Clients below talk to it over loopback.
 */
export function useEmulator(options: EmulatorOptions = {}): () => EmulatorHandle {
  let handle: EmulatorHandle | undefined;
  beforeAll(async () => {
    handle = await startEmulator(options);
  });
  afterAll(async () => {
    await handle?.close();
  });
  return () => {
    if (!handle) throw new Error('emulator not started (call emu() inside a test or hook)');
    return handle;
  };
}

export interface ClientKeyOptions {
  /** Default: the emulator's first key. */
  accessKeyId?: string;
  accessKeySecret?: string;
  /** Default: the first key's token, if it has one. */
  securityToken?: string;
}

/**
 * ali-oss against the emulator, path style: `endpoint` = http://127.0.0.1:PORT with `sldEnable: true`
 * puts the bucket in the path (without it ali-oss drops the bucket for an IP endpoint).
 */
export function aliOssClient(emu: EmulatorHandle, opts: ClientKeyOptions & { v4?: boolean; bucket?: string } = {}): OSS {
  const token = opts.securityToken ?? (opts.accessKeyId ? undefined : emu.securityToken);
  const options: Record<string, unknown> = {
    endpoint: emu.endpoint,
    region: `oss-${emu.region}`,
    accessKeyId: opts.accessKeyId ?? emu.accessKeyId,
    accessKeySecret: opts.accessKeySecret ?? emu.accessKeySecret,
    sldEnable: true,
    authorizationV4: opts.v4 ?? true,
    timeout: 10_000,
    retryMax: 0,
  };
  if (token) {
    options.stsToken = token;
    // ali-oss warns without a refresher; a fixed token is what these tests mean.
    options.refreshSTSTokenInterval = 3_600_000;
    options.refreshSTSToken = async () => ({ accessKeyId: options.accessKeyId, accessKeySecret: options.accessKeySecret, stsToken: token });
  }
  if (opts.bucket) options.bucket = opts.bucket;
  return new OSS(options as unknown as OSS.Options);
}

/** Our client (shared/oss) against the emulator. */
export function ossClient(emu: EmulatorHandle, opts: ClientKeyOptions & Partial<OssClientOptions> = {}): OssClient {
  const { accessKeyId, accessKeySecret, securityToken, ...rest } = opts;
  const token = securityToken ?? (accessKeyId ? undefined : emu.securityToken);
  return createOssClient({
    endpoint: emu.endpoint,
    region: emu.region,
    credentials: {
      accessKeyId: accessKeyId ?? emu.accessKeyId,
      accessKeySecret: accessKeySecret ?? emu.accessKeySecret,
      ...(token ? { securityToken: token } : {}),
    },
    retry: { maxAttempts: 1 },
    ...rest,
  } as OssClientOptions);
}

/**
 * One emulator per test file (or describe block) with `bucket` created, and our client to it with its
 * default retries; call the getters inside tests or hooks.
 */
export function useEmulatorBucket(bucket: string, options: EmulatorOptions = {}): { emu: () => EmulatorHandle; client: () => OssClient } {
  const emu = useEmulator(options);
  let client: OssClient | undefined;
  beforeAll(() => {
    const e = emu();
    e.seed.createBucket(bucket);
    client = createOssClient({ endpoint: e.endpoint, region: e.region, credentials: { accessKeyId: e.accessKeyId, accessKeySecret: e.accessKeySecret } });
  });
  // registered after useEmulator's: runs before the emulator closes
  afterAll(async () => {
    await client?.close();
  });
  return {
    emu,
    client: () => {
      if (!client) throw new Error('client not made (call client() inside a test or hook)');
      return client;
    },
  };
}
