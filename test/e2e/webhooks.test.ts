import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFcHandler } from '../../shared/fc/handler.ts';
import { signGitHub, signOssedge } from '../../shared/fc/webhook-verify.ts';
import { startRunner, type Runner } from '../../local/fc-runner/index.ts';

const SECRET = 'e2e-webhook-secret';
const body = JSON.stringify({ ref: 'refs/heads/main', config: 'oss://cfg/ossedge.yaml' });
const work: string[] = [];
const logs: string[] = [];
let runner: Runner;

beforeAll(async () => {
  const hook = createFcHandler((input) => {
    work.push(input.kind === 'http' ? (input as { webhook?: { source: string } }).webhook!.source : input.kind);
    return { statusCode: 202, body: { accepted: true } };
  }, { functionName: 'hook', write: (l) => logs.push(l), webhook: { secret: SECRET } });
  runner = await startRunner({ functions: [{ name: 'hook', handler: hook, timeout: 10, triggers: [{ name: 'webhook', type: 'http', methods: ['POST'], authType: 'anonymous' }] }] });
});
afterAll(() => runner.close());

async function send(headers: Record<string, string>, payload = body): Promise<number> {
  const res = await fetch(`${runner.url}/hook/`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: payload });
  await res.arrayBuffer();
  return res.status;
}

const now = () => Math.floor(Date.now() / 1000);

describe('webhooks through the local runner', () => {
  it('GitHub: valid 202, wrong 401, replayed 401, missing 401, with handler work only for the valid one', async () => {
    const before = work.length;
    const sig = signGitHub(body, SECRET);
    expect(await send({ 'X-Hub-Signature-256': sig, 'X-GitHub-Delivery': 'e2e-gh-1', 'X-GitHub-Event': 'push' })).toBe(202);
    expect(await send({ 'X-Hub-Signature-256': signGitHub(body, 'wrong'), 'X-GitHub-Delivery': 'e2e-gh-2' })).toBe(401);
    expect(await send({ 'X-Hub-Signature-256': sig, 'X-GitHub-Delivery': 'e2e-gh-1' })).toBe(401);
    expect(await send({ 'X-GitHub-Delivery': 'e2e-gh-3' })).toBe(401);
    expect(work.slice(before)).toEqual(['github']);
  });

  it('GitLab/Codeup: valid 202, wrong 401, replayed 401, missing 401', async () => {
    const before = work.length;
    expect(await send({ 'X-Gitlab-Token': SECRET, 'X-Gitlab-Event-UUID': 'e2e-gl-1' })).toBe(202);
    expect(await send({ 'X-Gitlab-Token': 'nope', 'X-Gitlab-Event-UUID': 'e2e-gl-2' })).toBe(401);
    expect(await send({ 'X-Gitlab-Token': SECRET, 'X-Gitlab-Event-UUID': 'e2e-gl-1' })).toBe(401);
    expect(await send({ 'X-Gitlab-Event': 'Push Hook' })).toBe(401);
    expect(work.slice(before)).toEqual(['gitlab']);
  });

  it('ossedge: valid 202, wrong 401, stale 401, replayed 401, missing 401', async () => {
    const before = work.length;
    const valid = signOssedge(body, SECRET, now());
    expect(await send({ 'X-Ossedge-Signature': valid })).toBe(202);
    expect(await send({ 'X-Ossedge-Signature': signOssedge(body, 'wrong', now()) })).toBe(401);
    expect(await send({ 'X-Ossedge-Signature': signOssedge(body, SECRET, now() - 301) })).toBe(401);
    expect(await send({ 'X-Ossedge-Signature': valid })).toBe(401);
    expect(await send({})).toBe(401);
    expect(work.slice(before)).toEqual(['ossedge']);
  });

  it('answers refusals with a JSON 401 that names no reason and logs no secret', async () => {
    const res = await fetch(`${runner.url}/hook/`, { method: 'POST', body, headers: { 'X-Gitlab-Token': 'guess' } });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'UNAUTHORIZED', message: 'request is not authenticated' } });
    expect(logs.join('\n')).not.toContain(SECRET);
    expect(logs.some((l) => JSON.parse(l).msg === 'webhook refused')).toBe(true);
  });
});
