import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OriginServer } from '../../../helpers/origin.ts';
import { putRules, startRig, type Rig } from './rig.ts';

// Rule conditions end to end (API field docs): IncludeHeader must be present with the given value; rules
// run in RuleNumber order and the first match wins; a rule without HttpErrorCodeReturnedEquals also applies to
// existing objects (External); HTTPS origins need a certificate the OSS side trusts.

let rig: Rig;
let origin: OriginServer;
let tls: OriginServer;

beforeAll(async () => {
  rig = await startRig();
  [origin, tls] = await Promise.all([rig.origin(), rig.origin(true)]);
  const c = await rig.bucket('conditions');
  rig.emu.seed.putObject('conditions', 'moved/page.html', 'old page');
  await putRules(c, 'conditions', [
    { RuleNumber: 5, Condition: { HttpErrorCodeReturnedEquals: 404 }, Redirect: { RedirectType: 'Mirror', MirrorURL: tls.url } },
    { RuleNumber: 1, Condition: { KeyPrefixEquals: 'moved/' }, Redirect: { RedirectType: 'External', Protocol: 'https', HostName: 'new.example.com', HttpRedirectCode: 307 } },
    {
      RuleNumber: 2,
      Condition: { KeyPrefixEquals: 'gated/', HttpErrorCodeReturnedEquals: 404, IncludeHeader: [{ Key: 'x-mirror', Equals: 'yes' }] },
      Redirect: { RedirectType: 'Mirror', MirrorURL: origin.url },
    },
    { RuleNumber: 4, Condition: { KeyPrefixEquals: 'old/', HttpErrorCodeReturnedEquals: 404 }, Redirect: { RedirectType: 'External', ReplaceKeyPrefixWith: 'moved/', HttpRedirectCode: 302 } },
  ]);
});
afterAll(async () => rig?.close());

const get = (key: string, init?: RequestInit) => fetch(rig.url('conditions', key), { redirect: 'manual', ...init });

describe('routing rule conditions', () => {
  it('mirrors a gated key only when the IncludeHeader condition holds; otherwise a later rule runs', async () => {
    origin.route('/gated/a', { body: 'gated body' });
    tls.route('/gated/b', { body: 'from the catch-all rule' });
    const res = await get('gated/a', { headers: { 'x-mirror': 'yes' } });
    expect(await res.text()).toBe('gated body');
    const other = await get('gated/b', { headers: { 'x-mirror': 'no' } });
    expect(await other.text()).toBe('from the catch-all rule');
    expect(origin.requests.some((r) => r.url === '/gated/b')).toBe(false);
  });

  it('redirects an existing object when the rule has no HttpErrorCodeReturnedEquals', async () => {
    const res = await get('moved/page.html');
    expect(res.status).toBe(307);
    expect(res.headers.get('location')).toBe('https://new.example.com/moved/page.html');
  });

  it('redirects back into the same bucket when the External rule has no HostName', async () => {
    const res = await get('old/page.html');
    expect(res.status).toBe(302);
    const location = res.headers.get('location') ?? '';
    expect(location).toBe(`${rig.emu.endpoint}/conditions/moved/page.html`);
    const followed = await fetch(location, { redirect: 'manual' });
    expect(followed.status).toBe(307);
  });

  it('mirrors from an HTTPS origin whose certificate comes from the trusted test CA', async () => {
    tls.route('/any/key.bin', { body: 'tls body' });
    expect(await (await get('any/key.bin')).text()).toBe('tls body');
  });
});

describe('an HTTPS origin the emulator does not trust', () => {
  it('fails the mirror with 424', async () => {
    const strict = await startRig({ originCa: undefined });
    try {
      const tlsOrigin = await strict.origin(true);
      tlsOrigin.route('/k', { body: 'x' });
      const c = await strict.bucket('untrusted');
      await putRules(c, 'untrusted', [{ RuleNumber: 1, Condition: { HttpErrorCodeReturnedEquals: 404 }, Redirect: { RedirectType: 'Mirror', MirrorURL: tlsOrigin.url } }]);
      const res = await fetch(strict.url('untrusted', 'k'));
      expect(res.status).toBe(424);
      expect(tlsOrigin.requests.length).toBe(0);
    } finally {
      await strict.close();
    }
  });
});
