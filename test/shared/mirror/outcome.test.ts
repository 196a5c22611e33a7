import { describe, expect, it } from 'vitest';
import { checkContentMd5, classifyOriginResponse, mirroredLastModified, mirrorsMethod, movesToNextOrigin, storesMirroredCopy } from '../../../shared/mirror/index.ts';

// From the documents: spec §3.1 "origin's response codes mean: 200/206 success, 404 not found, anything else
// fails the mirror" (424 MirrorFailed); MirrorFollowRedirect field doc ("continues requesting the resource at
// Location ... up to 10 times. If redirected more than 10 times, the request fails"; false → "OSS returns 302
// and passes through Location"; default true); MirrorCheckMd5 field doc (only when the origin sends Content-MD5;
// mismatch → not stored; default false); overview "HEAD: not triggered" and MirrorAllowHeadObject; overview
// "Last-Modified: not preserved, the time the object was written".

describe('classifyOriginResponse', () => {
  const table: Array<[number, string | undefined, boolean, number, string]> = [
    [200, undefined, true, 0, 'success'],
    [206, undefined, true, 0, 'success'],
    [404, undefined, true, 0, 'not-found'],
    [500, undefined, true, 0, 'failure'],
    [503, undefined, true, 0, 'failure'],
    [403, undefined, true, 0, 'failure'],
    [204, undefined, true, 0, 'failure'],
    [302, 'http://b/x', true, 0, 'follow'],
    [301, 'http://b/x', true, 9, 'follow'],
    [302, 'http://b/x', true, 10, 'failure'],
    [302, 'http://b/x', false, 0, 'return-redirect'],
    [302, undefined, true, 0, 'failure'],
  ];
  for (const [status, location, followRedirect, redirectsFollowed, kind] of table) {
    it(`says ${kind} when the origin answers ${status} (follow=${followRedirect}, hops=${redirectsFollowed})`, () => {
      const facts = location === undefined ? { status, followRedirect, redirectsFollowed } : { status, location, followRedirect, redirectsFollowed };
      expect(classifyOriginResponse(facts).kind).toBe(kind);
    });
  }
});

describe('MD5 check, Last-Modified, HEAD', () => {
  it('stores unless MirrorCheckMd5 is on and Content-MD5 mismatches', () => {
    const table: Array<[boolean | undefined, string | undefined, boolean]> = [
      [true, 'XrY7u+Ae7tCTyyK7j1rNww==', true],
      [true, 'AAAAAAAAAAAAAAAAAAAAAA==', false],
      [true, undefined, true],
      [false, 'AAAAAAAAAAAAAAAAAAAAAA==', true],
      [undefined, 'AAAAAAAAAAAAAAAAAAAAAA==', true],
    ];
    // MD5("hello world") = XrY7u+Ae7tCTyyK7j1rNww== (RFC 1321 digest, base64)
    for (const [check, header, stored] of table) {
      const redirect = check === undefined ? {} : { mirrorCheckMd5: check };
      expect(storesMirroredCopy(redirect, checkContentMd5(header, 'XrY7u+Ae7tCTyyK7j1rNww=='))).toBe(stored);
    }
  });

  it('dates the copy at store time unless MirrorUserLastModified', () => {
    const stored = new Date('2026-11-26T05:00:00Z');
    const origin = 'Wed, 21 Oct 2015 07:28:00 GMT';
    expect(mirroredLastModified({}, origin, stored)).toEqual(stored);
    expect(mirroredLastModified({ mirrorUserLastModified: true }, origin, stored)).toEqual(new Date(Date.UTC(2015, 9, 21, 7, 28)));
  });

  it('mirrors GET always and HEAD only with MirrorAllowHeadObject', () => {
    expect(mirrorsMethod({}, 'GET')).toBe(true);
    expect(mirrorsMethod({}, 'HEAD')).toBe(false);
    expect(mirrorsMethod({ mirrorAllowHeadObject: true }, 'HEAD')).toBe(true);
    expect(mirrorsMethod({ mirrorAllowHeadObject: true }, 'PUT')).toBe(false);
  });
});

describe('movesToNextOrigin (decision rows M-FAILOVER-*)', () => {
  it('switches on a network failure and a 5xx by default, on any status but the success/redirect/404 ones with MirrorSwitchAllErrors, never on a transparent status', () => {
    const plain = { redirectType: 'Mirror' as const };
    expect([undefined, 500, 503, 403, 404, 200].map((s) => movesToNextOrigin(plain, s))).toEqual([true, true, true, false, false, false]);
    const all = { ...plain, mirrorSwitchAllErrors: true };
    expect([403, 400, 404, 206, 307, 502].map((s) => movesToNextOrigin(all, s))).toEqual([true, true, false, false, false, true]);
    const transparent = { ...all, transparentMirrorResponseCodes: '503, 403' };
    expect([503, 403, 502, undefined].map((s) => movesToNextOrigin(transparent, s))).toEqual([false, false, true, true]);
  });
});
