import { describe, expect, it } from 'vitest';
import { createFcHandler } from '../../../shared/fc/handler.ts';
import { signGitHub, signOssedge, verifyOssedgeSignature } from '../../../shared/fc/webhook-verify.ts';
import { fcContext, httpEvent, toBuffer } from './fixtures.ts';

const SECRET = 'hook-secret-123';
const NOW = 1_800_000_000_000;

function post(body: string, headers: Record<string, string>) {
  return toBuffer(httpEvent({
    body, headers: { 'Content-Type': 'application/json', ...headers },
    requestContext: { http: { method: 'POST', path: '/' } }, rawPath: '/',
  }));
}

function setup(secret: string | undefined = SECRET) {
  const calls: string[] = [];
  const handler = createFcHandler((input) => {
    calls.push(input.kind === 'http' ? (input as { webhook?: { source: string } }).webhook?.source ?? '?' : input.kind);
    return { statusCode: 202, body: { accepted: true } };
  }, { functionName: 'hook', write: () => {}, webhook: { secret, now: () => NOW } });
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
