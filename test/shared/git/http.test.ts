import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitHub, createGitLab, type GitHost } from '../../../shared/git/index.ts';
import { hostJson } from '../../../shared/git/http.ts';
import { startLoopbackServer, type LoopbackServer } from '../../helpers/loopback-server.ts';

const TOKEN = 'glpat-test-token-value-0123456789';
let host: LoopbackServer;

beforeAll(async () => {
  host = await startLoopbackServer();
  // a host (or a proxy in front of it) that answers 200 with something that is not JSON
  host.setDefault((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(`{"commit": {"sha": "${TOKEN}"`);
  });
});
afterAll(() => host?.close());

describe('hostJson', () => {
  it('does parse a JSON answer', () => {
    expect(hostJson<{ a: number }>('op', '{"a":1}')).toEqual({ a: 1 });
  });

  it('does refuse a malformed answer with GIT_BAD_RESPONSE naming the operation, never quoting the answer', () => {
    let thrown: unknown;
    try {
      hostJson('branchHead', `{"x": "${TOKEN}"`);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toMatchObject({ code: 'GIT_BAD_RESPONSE', op: 'branchHead' });
    expect((thrown as Error).message).not.toContain(TOKEN);
  });
});

describe.each([
  ['github', () => createGitHub({ api: host.url, token: TOKEN, repository: 'team/site', sleep: async () => {} })],
  ['gitlab', () => createGitLab({ api: host.url, token: TOKEN, repository: 'team/site', sleep: async () => {} })],
] as Array<[string, () => GitHost]>)('%s client on a malformed answer', (_provider, client) => {
  it('does fail GIT_BAD_RESPONSE for the operation', async () => {
    await expect(client().branchHead('main')).rejects.toMatchObject({ code: 'GIT_BAD_RESPONSE', op: 'branchHead' });
    await expect(client().defaultBranch()).rejects.toMatchObject({ code: 'GIT_BAD_RESPONSE', op: 'defaultBranch' });
  });
});
