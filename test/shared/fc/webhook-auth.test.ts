import { describe, expect, it } from 'vitest';
import { createFcHandler } from '../../../shared/fc/handler.ts';
import { signGitHub, signOssedge, verifyOssedgeSignature } from '../../../shared/hash/webhook-signature.ts';
import { fcContext, httpEvent, toBuffer } from './fixtures.ts';
import { rewritesOf } from './webhook-rewrites.ts';

const SECRET = 'hook-secret-123';
const PREVIOUS = 'hook-secret-old';
const NOW = 1_800_000_000_000;

function post(body: string, headers: Record<string, string>) {
  return toBuffer(httpEvent({
    body, headers: { 'Content-Type': 'application/json', ...headers },
    requestContext: { http: { method: 'POST', path: '/' } }, rawPath: '/',
  }));
}

function setup(secret: string | undefined = SECRET, extra: { previousSecret?: string } = {}) {
  const calls: string[] = [];
  const handler = createFcHandler((input) => {
    calls.push(input.kind === 'http' ? (input as { webhook?: { source: string } }).webhook?.source ?? '?' : input.kind);
    return { statusCode: 202, body: { accepted: true } };
  }, { functionName: 'hook', write: () => {}, webhook: { secret, now: () => NOW, ...extra } });
  const status = async (ev: Buffer) => ((await handler(ev, fcContext())) as { statusCode: number }).statusCode;
  return { calls, status };
}

describe('webhookAuth', () => {
  const body = '{"ref":"refs/heads/main"}';

  it('accepts a GitHub delivery once and refuses its replay, a wrong signature and a missing one', async () => {
    const { calls, status } = setup();
    const sig = signGitHub(body, SECRET);
    expect(await status(post(body, { 'X-Hub-Signature-256': sig, 'X-GitHub-Delivery': 'd-1' }))).toBe(202);
    expect(await status(post(body, { 'X-Hub-Signature-256': sig, 'X-GitHub-Delivery': 'd-1' }))).toBe(401);
    expect(await status(post(body, { 'X-Hub-Signature-256': signGitHub(body, 'other'), 'X-GitHub-Delivery': 'd-2' }))).toBe(401);
    expect(await status(post(body, { 'X-Hub-Signature-256': 'sha256=zz', 'X-GitHub-Delivery': 'd-3' }))).toBe(401);
    expect(await status(post(`${body} `, { 'X-Hub-Signature-256': sig, 'X-GitHub-Delivery': 'd-4' }))).toBe(401);
    expect(await status(post(body, { 'X-Hub-Signature-256': sig }))).toBe(401);
    expect(await status(post(body, {}))).toBe(401);
    expect(calls).toEqual(['github']);
  });

  it('accepts the GitLab/Codeup token, case-insensitively named, and refuses a wrong one or a replayed event uuid', async () => {
    const { calls, status } = setup();
    expect(await status(post(body, { 'x-gitlab-token': SECRET, 'X-Gitlab-Event-UUID': 'u-1' }))).toBe(202);
    expect(await status(post(body, { 'X-Gitlab-Token': SECRET }))).toBe(202);
    expect(await status(post(body, { 'X-Gitlab-Token': SECRET, 'X-Gitlab-Event-UUID': 'u-1' }))).toBe(401);
    expect(await status(post(body, { 'X-Gitlab-Token': `${SECRET}x` }))).toBe(401);
    expect(await status(post(body, { 'X-Gitlab-Token': '' }))).toBe(401);
    expect(calls).toEqual(['gitlab', 'gitlab']);
  });

  it('accepts our signature within ±300 s once and refuses stale, future, wrong and replayed ones', async () => {
    const { calls, status } = setup();
    const t = NOW / 1000;
    expect(await status(post(body, { 'X-Ossedge-Signature': signOssedge(body, SECRET, t - 299) }))).toBe(202);
    expect(await status(post(body, { 'X-Ossedge-Signature': signOssedge(body, SECRET, t - 299) }))).toBe(401);
    expect(await status(post(body, { 'X-Ossedge-Signature': signOssedge(body, SECRET, t - 301) }))).toBe(401);
    expect(await status(post(body, { 'X-Ossedge-Signature': signOssedge(body, SECRET, t + 301) }))).toBe(401);
    expect(await status(post(body, { 'X-Ossedge-Signature': signOssedge(body, 'nope', t) }))).toBe(401);
    expect(await status(post(body, { 'X-Ossedge-Signature': 't=abc,v1=00' }))).toBe(401);
    expect(await status(post(body, { 'X-Ossedge-Signature': signOssedge(body, SECRET, t + 10) }))).toBe(202);
    expect(calls).toEqual(['ossedge', 'ossedge']);
  });

  it('accepts one of five rewrites of a captured signature header: the replay key is the parsed t and v1', async () => {
    const { calls, status } = setup();
    const captured = signOssedge(body, SECRET, NOW / 1000);
    const rewrites = rewritesOf(captured);
    const answers = [];
    for (const header of [captured, ...Object.values(rewrites)]) answers.push(await status(post(body, { 'X-Ossedge-Signature': header })));
    expect(answers).toEqual([202, ...Object.values(rewrites).map(() => 401)]);
    expect(calls).toEqual(['ossedge']);
  });

  it('accepts each signature under the current or the previous secret once, and no other secret', async () => {
    const { calls, status } = setup(SECRET, { previousSecret: PREVIOUS });
    const t = NOW / 1000;
    const old = signOssedge(body, PREVIOUS, t);
    const current = signOssedge(body, SECRET, t);
    expect(await status(post(body, { 'X-Ossedge-Signature': old }))).toBe(202);
    expect(await status(post(body, { 'X-Ossedge-Signature': current }))).toBe(202);
    expect(await status(post(body, { 'X-Ossedge-Signature': old }))).toBe(401);
    expect(await status(post(body, { 'X-Ossedge-Signature': current }))).toBe(401);
    expect(await status(post(body, { 'X-Ossedge-Signature': signOssedge(body, 'third', t) }))).toBe(401);
    expect(await status(post(body, { 'X-Hub-Signature-256': signGitHub(body, PREVIOUS), 'X-GitHub-Delivery': 'rot-1' }))).toBe(202);
    expect(await status(post(body, { 'X-Gitlab-Token': PREVIOUS }))).toBe(202);
    expect(calls).toEqual(['ossedge', 'ossedge', 'github', 'gitlab']);
  });

  it('keys delivery ids canonically: a GitHub GUID in upper case is the same delivery; ids outside the grammar are refused', async () => {
    const { calls, status } = setup();
    const sig = signGitHub(body, SECRET);
    const guid = '72d3162e-cc78-11e3-81ab-4c9367dc0958';
    expect(await status(post(body, { 'X-Hub-Signature-256': sig, 'X-GitHub-Delivery': guid }))).toBe(202);
    expect(await status(post(body, { 'X-Hub-Signature-256': sig, 'X-GitHub-Delivery': guid.toUpperCase() }))).toBe(401);
    expect(await status(post(body, { 'X-Hub-Signature-256': sig, 'X-GitHub-Delivery': '../x' }))).toBe(401);
    expect(await status(post(body, { 'X-Hub-Signature-256': sig, 'X-GitHub-Delivery': 'a'.repeat(129) }))).toBe(401);
    expect(calls).toEqual(['github']);
  });

  it('takes GitLab\'s Idempotency-Key as the delivery id when sent (it survives GitLab\'s retries), else the event UUID', async () => {
    const { calls, status } = setup();
    expect(await status(post(body, { 'X-Gitlab-Token': SECRET, 'Idempotency-Key': 'k-1', 'X-Gitlab-Event-UUID': 'u-9' }))).toBe(202);
    expect(await status(post(body, { 'X-Gitlab-Token': SECRET, 'Idempotency-Key': 'k-1', 'X-Gitlab-Event-UUID': 'u-10' }))).toBe(401);
    expect(await status(post(body, { 'X-Gitlab-Token': SECRET, 'X-Gitlab-Event-UUID': 'k-1' }))).toBe(401);
    expect(calls).toEqual(['gitlab']);
  });

  it('accepts the Codeup token and refuses a wrong one', async () => {
    const { calls, status } = setup();
    expect(await status(post(body, { 'X-Codeup-Token': SECRET, 'Codeup-Event': 'Push Hook' }))).toBe(202);
    expect(await status(post(body, { 'X-Codeup-Token': 'guess', 'Codeup-Event': 'Push Hook' }))).toBe(401);
    expect(calls).toEqual(['codeup']);
  });

  it('with deferClaim records nothing until the handler claims, and claims once per request', async () => {
    const seen: string[] = [];
    const handler = createFcHandler(async (input) => {
      const hook = (input as unknown as { webhook: { claim(): Promise<void> } }).webhook;
      if ((input as { query?: Record<string, string> }).query?.claim === '1') {
        await hook.claim();
        await hook.claim();
      }
      seen.push('ran');
      return { statusCode: 202, body: {} };
    }, { functionName: 'hook', write: () => {}, webhook: { secret: SECRET, now: () => NOW, deferClaim: true } });
    const send = async (claim: boolean) => ((await handler(toBuffer(httpEvent({
      body, headers: { 'X-Ossedge-Signature': signOssedge(body, SECRET, NOW / 1000) }, queryParameters: claim ? { claim: '1' } : {},
      requestContext: { http: { method: 'POST', path: '/' } }, rawPath: '/',
    })), fcContext())) as { statusCode: number }).statusCode;
    expect(await send(false)).toBe(202);
    expect(await send(true)).toBe(202);
    expect(await send(true)).toBe(401);
    expect(seen).toEqual(['ran', 'ran']);
  });

  it('refuses every webhook when no secret is configured', async () => {
    const { calls, status } = setup(undefined);
    expect(await status(post(body, { 'X-Gitlab-Token': '' }))).toBe(401);
    expect(await status(post(body, { 'X-Hub-Signature-256': signGitHub(body, ''), 'X-GitHub-Delivery': 'x' }))).toBe(401);
    expect(calls).toEqual([]);
  });

  it('lets timer and direct invocations through: FC authenticated them', async () => {
    const { calls } = setup();
    const handler = createFcHandler(() => ({ ran: true }), { functionName: 'h', write: () => {}, webhook: { secret: SECRET } });
    expect(await handler(toBuffer({ triggerTime: 't', triggerName: 'n', payload: '' }), fcContext())).toEqual({ ran: true });
    expect(calls).toEqual([]);
  });

  it('verifies against the exact t.body string', () => {
    expect(verifyOssedgeSignature(Buffer.from(body), signOssedge(body, SECRET, 100), SECRET, 100)).toBe('ok');
    expect(verifyOssedgeSignature(Buffer.from(body), signOssedge(body, SECRET, 100).replace('t=100', 't=101'), SECRET, 100)).toBe('mismatch');
  });
});
