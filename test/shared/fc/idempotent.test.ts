import { describe, expect, it } from 'vitest';
import { createFcHandler } from '../../../shared/fc/handler.ts';
import { idempotent } from '../../../shared/fc/idempotent.ts';
import { staticCredentials } from '../../../shared/fc/credentials.ts';
import { ossClient, useEmulator } from '../../helpers/emulator.ts';
import { fcContext, httpEvent, toBuffer } from './fixtures.ts';

const emu = useEmulator();
const BUCKET = 'once-test';
const PREFIX = 'r/_state/invocations/fn/';

/** A handler that counts its runs; `gate` holds a run open until released (a concurrent duplicate). */
function counting(gate?: Promise<void>, fail?: { next: boolean }) {
  const runs: string[] = [];
  const h = createFcHandler(async (input) => {
    runs.push(input.kind);
    await gate;
    if (fail?.next) {
      fail.next = false;
      throw new Error('transient');
    }
    return { n: runs.length };
  }, {
    functionName: 'fn', write: () => undefined,
    use: [idempotent<{ n: number }>({
      place: () => ({ client: ossClient(emu()), bucket: BUCKET, prefix: PREFIX, ttlMs: 60_000 }),
      duplicate: (outcome) => ({ n: outcome.value.n, repeated: true }),
    })],
  });
  const invoke = (payload: unknown, requestId = `req-${Math.random().toString(16).slice(2)}`) =>
    h(toBuffer(payload), fcContext({ requestId, credentials: undefined, function: { name: 'fn', timeout: 30 } })) as Promise<unknown>;
  return { h, runs, invoke };
}

describe('idempotent()', () => {
  it('runs an invocation id once: a redelivery gets the stored value, another id runs', async () => {
    emu().seed.createBucket(BUCKET);
    const { runs, invoke } = counting();
    expect(await invoke({ invocationId: 'inv-1' })).toEqual({ n: 1 });
    expect(await invoke({ invocationId: 'inv-1' })).toEqual({ n: 1, repeated: true });
    expect(await invoke({ invocationId: 'inv-2' })).toEqual({ n: 2 });
    expect(runs).toHaveLength(2);
    const marker = await emu().seed.readObject(BUCKET, `${PREFIX}inv-1/done.json`);
    expect(JSON.parse(marker!.toString())).toMatchObject({ invocationId: 'inv-1', value: { n: 1 } });
  });

  it('fails a concurrent duplicate without running it, so FC retries it later and it is answered from the marker', async () => {
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const { runs, invoke } = counting(gate);
    const first = invoke({ invocationId: 'inv-c' });
    await expect.poll(() => runs.length).toBe(1);
    await expect(invoke({ invocationId: 'inv-c' })).rejects.toMatchObject({ name: 'InternalError', cause: { code: 'INVOCATION_RUNNING' } });
    open();
    expect(await first).toEqual({ n: 1 });
    expect(await invoke({ invocationId: 'inv-c' })).toEqual({ n: 1, repeated: true });
    expect(runs).toHaveLength(1);
  });

  it('does not answer FC\'s retry of a killed run as a success while its lease lingers: the retry fails and a later one runs the work', async () => {
    emu().seed.createBucket(BUCKET);
    const { runs, invoke } = counting();
    // the first attempt took the id's lease and was stopped at its timeout: no marker, the lease not released
    const { beginOnce } = await import('../../../shared/state/idempotency.ts');
    const killed = await beginOnce(ossClient(emu()), { bucket: BUCKET, prefix: PREFIX, invocationId: 'inv-k', owner: 'killed', ttlMs: 300 });
    expect(killed.reason).toBe('started');
    // an answer here would tell FC the invocation succeeded, and the work would never happen
    await expect(invoke({ invocationId: 'inv-k' })).rejects.toMatchObject({ name: 'InternalError', cause: { code: 'INVOCATION_RUNNING' } });
    await new Promise((r) => setTimeout(r, 350));
    expect(await invoke({ invocationId: 'inv-k' })).toEqual({ n: 1 });
    expect(runs).toHaveLength(1);
  });

  it('leaves no marker when the work fails, so the retry runs it; a lease left behind does not block the retry', async () => {
    const fail = { next: true };
    const { runs, invoke } = counting(undefined, fail);
    await expect(invoke({ invocationId: 'inv-f' })).rejects.toMatchObject({ name: 'InternalError' });
    expect(await emu().seed.readObject(BUCKET, `${PREFIX}inv-f/done.json`)).toBeUndefined();
    expect(await invoke({ invocationId: 'inv-f' })).toEqual({ n: 2 });
    expect(runs).toHaveLength(2);
  });

  it('never holds back an HTTP request, and refuses an invocation id that is not a plain id', async () => {
    const { h, runs, invoke } = counting();
    const ctx = fcContext({ credentials: undefined });
    const a = (await h(toBuffer(httpEvent()), ctx)) as { statusCode: number };
    const b = (await h(toBuffer(httpEvent()), { ...ctx, requestId: 'req-1' })) as { statusCode: number };
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    expect(runs).toEqual(['http', 'http']);
    // FC's request id stands in for an id that is not plain: "../x" never becomes a key
    expect(await invoke({ invocationId: '../x' }, 'req-plain')).toEqual({ n: 3 });
    expect(await invoke({ invocationId: '../x' }, 'req-plain')).toEqual({ n: 3, repeated: true });
    expect(await emu().seed.readObject(BUCKET, `${PREFIX}req-plain/done.json`)).toBeDefined();
  });
});

describe('idempotent() with its place unset', () => {
  it('runs every invocation when place() says this request is not one to guard', async () => {
    let n = 0;
    const h = createFcHandler(async () => ++n, {
      functionName: 'fn', write: () => undefined, fallbackCredentials: staticCredentials(undefined),
      use: [idempotent({ place: () => undefined, duplicate: () => 'never' })],
    });
    await h(toBuffer({ invocationId: 'same' }), fcContext());
    expect(await h(toBuffer({ invocationId: 'same' }), fcContext())).toBe(2);
  });
});
