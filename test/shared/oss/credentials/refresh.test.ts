import { describe, expect, it } from 'vitest';
import { CredentialsError, withRefresh, type Credentials, type CredentialsProvider } from '../../../../shared/oss/credentials/index.ts';

const MIN = 60_000;

/** A source whose answers the test scripts, counting calls. */
function scripted(answers: Array<() => Promise<Credentials | undefined>>) {
  let calls = 0;
  const source: CredentialsProvider = {
    getCredentials: () => {
      const answer = answers[Math.min(calls, answers.length - 1)] as () => Promise<Credentials | undefined>;
      calls++;
      return answer();
    },
  };
  return { source, calls: () => calls };
}

const keys = (id: string, expiresAt: number): Credentials => ({
  accessKeyId: id,
  accessKeySecret: 's',
  securityToken: 't',
  expiration: new Date(expiresAt),
});

describe('withRefresh', () => {
  it('keeps keys until they come within the margin of expiry, then fetches new ones', async () => {
    let now = 0;
    const s = scripted([async () => keys('k1', 60 * MIN), async () => keys('k2', 120 * MIN)]);
    const p = withRefresh(s.source, { refreshMarginMs: 5 * MIN, now: () => now });
    expect((await p.getCredentials())?.accessKeyId).toBe('k1');
    now = 54 * MIN;
    expect((await p.getCredentials())?.accessKeyId).toBe('k1');
    expect(s.calls()).toBe(1);
    now = 55 * MIN;
    expect((await p.getCredentials())?.accessKeyId).toBe('k2');
    expect(s.calls()).toBe(2);
  });

  it('makes one refresh for many concurrent callers', async () => {
    let release: (c: Credentials) => void = () => {};
    const s = scripted([() => new Promise<Credentials>((resolve) => (release = resolve))]);
    const p = withRefresh(s.source, { now: () => 0 });
    const pending = Array.from({ length: 20 }, () => p.getCredentials());
    release(keys('k1', 60 * MIN));
    const all = await Promise.all(pending);
    expect(s.calls()).toBe(1);
    expect(new Set(all.map((c) => c?.accessKeyId))).toEqual(new Set(['k1']));
  });

  it('returns the cached keys when a refresh fails before they expire, and fails once they have', async () => {
    let now = 0;
    const boom = new Error('metadata down');
    const s = scripted([async () => keys('k1', 10 * MIN), async () => Promise.reject(boom)]);
    const p = withRefresh(s.source, { refreshMarginMs: 5 * MIN, minRefreshIntervalMs: 0, now: () => now });
    await p.getCredentials();
    now = 6 * MIN;
    expect((await p.getCredentials())?.accessKeyId).toBe('k1');
    now = 10 * MIN;
    const err = await p.getCredentials().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CredentialsError);
    expect(err).toMatchObject({ code: 'REFRESH_FAILED', cause: boom });
  });

  it('passes a CredentialsError of the source through unchanged', async () => {
    const own = new CredentialsError('INVALID_CREDENTIALS', 'no keys');
    const p = withRefresh(scripted([async () => Promise.reject(own)]).source);
    await expect(p.getCredentials()).rejects.toBe(own);
  });

  it('asks once for keys without expiration and for anonymous', async () => {
    const s = scripted([async () => ({ accessKeyId: 'a', accessKeySecret: 's' })]);
    const p = withRefresh(s.source);
    await p.getCredentials();
    await p.getCredentials();
    expect(s.calls()).toBe(1);
    const anon = scripted([async () => undefined]);
    const q = withRefresh(anon.source);
    expect(await q.getCredentials()).toBeUndefined();
    expect(await q.getCredentials()).toBeUndefined();
    expect(anon.calls()).toBe(1);
  });

  it('does not refresh on every call when the source keeps returning keys inside the margin', async () => {
    let now = 0;
    const s = scripted([async () => keys('short', now + 2 * MIN)]);
    const p = withRefresh(s.source, { refreshMarginMs: 5 * MIN, minRefreshIntervalMs: 10_000, now: () => now });
    await p.getCredentials();
    now += 5_000;
    await p.getCredentials();
    expect(s.calls()).toBe(1);
    now += 6_000;
    await p.getCredentials();
    expect(s.calls()).toBe(2);
  });

  it('rejects with REFRESH_FAILED when the source hands out keys already expired', async () => {
    const p = withRefresh(scripted([async () => keys('old', 1000)]).source, { now: () => 2000 });
    await expect(p.getCredentials()).rejects.toMatchObject({ code: 'REFRESH_FAILED' });
  });
});
