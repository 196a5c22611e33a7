import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OriginServer } from '../../../helpers/origin.ts';
import { putRules, startRig, type Rig } from './rig.ts';

// The four scenarios of the console guide "configuration examples of mirroring-based back-to-origin",
// configured through ali-oss, exercised with anonymous fetch against local origins (HTTP and HTTPS with a
// test CA). Expected answers come from the guide and the API field docs, not from the emulator's code.

const md5 = (s: string) => createHash('md5').update(s).digest('base64');

let rig: Rig;
let plain: OriginServer;
let plainB: OriginServer;
let tls: OriginServer;

beforeAll(async () => {
  rig = await startRig();
  [plain, plainB, tls] = await Promise.all([rig.origin(), rig.origin(), rig.origin(true)]);
});
afterAll(async () => rig?.close());

describe('console scenario: one prefix → one origin', () => {
  it('fetches a missing examplefolder/ object from the origin, returns it and stores it', async () => {
    const c = await rig.bucket('scenario-one');
    await putRules(c, 'scenario-one', [
      { RuleNumber: 1, Condition: { KeyPrefixEquals: 'examplefolder/', HttpErrorCodeReturnedEquals: 404 }, Redirect: { RedirectType: 'Mirror', MirrorURL: plain.url } },
    ]);
    plain.route('/examplefolder/a.txt', { body: 'from origin', headers: { 'content-type': 'text/plain' } });

    const res = await fetch(rig.url('scenario-one', 'examplefolder/a.txt'));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('from origin');
    expect(res.headers.get('content-type')).toBe('text/plain');
    const seen = plain.requests.find((r) => r.url === '/examplefolder/a.txt');
    expect(seen?.headers['user-agent']).toContain('aliyun-oss-mirror');
    expect((await rig.emu.seed.readObject('scenario-one', 'examplefolder/a.txt'))?.toString()).toBe('from origin');
    const { content } = await c.get('examplefolder/a.txt');
    expect(String(content)).toBe('from origin');
  });

  it('answers 404 without asking the origin for a key outside the prefix', async () => {
    const before = plain.requests.length;
    const res = await fetch(rig.url('scenario-one', 'other/a.txt'));
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('<Code>NoSuchKey</Code>');
    expect(plain.requests.length).toBe(before);
  });
});

describe('console scenario: replace the prefix and check MD5 (HTTPS origin)', () => {
  beforeAll(async () => {
    const c = await rig.bucket('scenario-md5');
    await putRules(c, 'scenario-md5', [
      {
        RuleNumber: 1,
        Condition: { KeyPrefixEquals: 'examplefolder/', HttpErrorCodeReturnedEquals: 404 },
        Redirect: { RedirectType: 'Mirror', MirrorURL: tls.url, EnableReplacePrefix: true, ReplaceKeyPrefixWith: 'destfolder/', MirrorCheckMd5: true },
      },
    ]);
  });

  it('stores the copy when the origin Content-MD5 matches the body', async () => {
    tls.route('/destfolder/ok.txt', { body: 'verified body', headers: { 'content-md5': md5('verified body') } });
    const res = await fetch(rig.url('scenario-md5', 'examplefolder/ok.txt'));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('verified body');
    expect(res.headers.get('content-md5')).toBe(md5('verified body'));
    expect((await rig.emu.seed.readObject('scenario-md5', 'examplefolder/ok.txt'))?.toString()).toBe('verified body');
  });

  it('serves the body but stores nothing when Content-MD5 mismatches, so the next GET asks the origin again', async () => {
    // Console guide, scenario 2 (decision row M-MD5-MISMATCH): the client still gets the file, OSS does not
    // store it. This test used to expect 424 after the general 424 help page; the guide describes this case.
    tls.route('/destfolder/bad.txt', { body: 'tampered body', headers: { 'content-md5': md5('original body') } });
    const first = await fetch(rig.url('scenario-md5', 'examplefolder/bad.txt'));
    expect(first.status).toBe(200);
    expect(await first.text()).toBe('tampered body');
    expect(rig.emu.seed.getObject('scenario-md5', 'examplefolder/bad.txt')).toBeUndefined();
    const asked = tls.requests.filter((r) => r.url === '/destfolder/bad.txt').length;
    const second = await fetch(rig.url('scenario-md5', 'examplefolder/bad.txt'));
    expect(await second.text()).toBe('tampered body');
    expect(tls.requests.filter((r) => r.url === '/destfolder/bad.txt').length).toBe(asked + 1);
  });

  it('stores without MD5 when the origin sends no Content-MD5', async () => {
    tls.route('/destfolder/plain.txt', { body: 'no md5 header' });
    const res = await fetch(rig.url('scenario-md5', 'examplefolder/plain.txt'));
    expect(await res.text()).toBe('no md5 header');
    expect(rig.emu.seed.getObject('scenario-md5', 'examplefolder/plain.txt')).toBeDefined();
  });
});

describe('console scenario: two prefixes → two origins, redirects per MirrorFollowRedirect', () => {
  beforeAll(async () => {
    const c = await rig.bucket('scenario-two');
    await putRules(c, 'scenario-two', [
      {
        RuleNumber: 1,
        Condition: { KeyPrefixEquals: 'A/example/', HttpErrorCodeReturnedEquals: 404 },
        Redirect: { RedirectType: 'Mirror', MirrorURL: plain.url, EnableReplacePrefix: true, ReplaceKeyPrefixWith: 'example/', MirrorFollowRedirect: true },
      },
      {
        RuleNumber: 2,
        Condition: { KeyPrefixEquals: 'B/example/', HttpErrorCodeReturnedEquals: 404 },
        Redirect: { RedirectType: 'Mirror', MirrorURL: plainB.url, EnableReplacePrefix: true, ReplaceKeyPrefixWith: 'example/', MirrorFollowRedirect: false },
      },
    ]);
  });

  it('follows the origin redirect for prefix A and stores the final body', async () => {
    plain.route('/example/x.png', { status: 302, headers: { location: '/moved/x.png' } });
    plain.route('/moved/x.png', { body: 'moved png' });
    const res = await fetch(rig.url('scenario-two', 'A/example/x.png'));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('moved png');
    expect(rig.emu.seed.getObject('scenario-two', 'A/example/x.png')?.size).toBe('moved png'.length);
  });

  it('returns the origin 3xx and Location for prefix B without following or storing', async () => {
    plainB.route('/example/y.png', { status: 302, headers: { location: `${plainB.url}elsewhere/y.png` } });
    plainB.route('/elsewhere/y.png', { body: 'should not be fetched' });
    const res = await fetch(rig.url('scenario-two', 'B/example/y.png'), { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`${plainB.url}elsewhere/y.png`);
    expect(plainB.requests.some((r) => r.url === '/elsewhere/y.png')).toBe(false);
    expect(rig.emu.seed.getObject('scenario-two', 'B/example/y.png')).toBeUndefined();
  });

  it('fails with 424 MirrorFailed after more than 10 redirects', async () => {
    plain.route('/example/loop.png', { status: 302, headers: { location: '/example/loop.png' } });
    const before = plain.requests.length;
    const res = await fetch(rig.url('scenario-two', 'A/example/loop.png'));
    expect(res.status).toBe(424);
    expect(await res.text()).toContain('<Code>MirrorFailed</Code>');
    expect(plain.requests.length - before).toBe(11);
  });
});

describe('console scenario: query string and three passed headers', () => {
  it('passes ?a=b&c=d and exactly the three named headers to the origin', async () => {
    const c = await rig.bucket('scenario-query');
    await putRules(c, 'scenario-query', [
      {
        RuleNumber: 1,
        Condition: { KeyPrefixEquals: 'examplefolder/', HttpErrorCodeReturnedEquals: 404 },
        Redirect: { RedirectType: 'Mirror', MirrorURL: plain.url, MirrorPassQueryString: true, MirrorHeaders: { Pass: ['header1', 'header2', 'header3'] } },
      },
    ]);
    plain.route('/examplefolder/q.txt', { body: 'q' });
    const res = await fetch(rig.url('scenario-query', 'examplefolder/q.txt', 'a=b&c=d'), {
      headers: { header1: 'v1', header2: 'v2', header3: 'v3', header4: 'v4' },
    });
    expect(res.status).toBe(200);
    await res.text();
    const seen = plain.requests.find((r) => r.url.startsWith('/examplefolder/q.txt'));
    expect(seen?.url).toBe('/examplefolder/q.txt?a=b&c=d');
    expect(seen?.headers).toMatchObject({ header1: 'v1', header2: 'v2', header3: 'v3' });
    expect(seen?.headers.header4).toBeUndefined();
  });
});
