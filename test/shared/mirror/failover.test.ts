import { describe, expect, it } from 'vitest';
import { errorDocumentAfterOrigin404, originRequestHeaders, passesThrough, rulePassesRequestHost, transparentCodes, triesNextOrigin } from '../../../shared/mirror/index.ts';

// MirrorSwitchAllErrors field doc (Go/Python SDK v2, Terraform): "If MirrorSwitchAllErrors is set to true, all
// status codes except the following are considered failures: 200, 206, 301, 302, 303, 307, 404. If it is set
// to false, only status codes in the 5xx range or timeouts are considered failures." TransparentMirrorResponseCodes
// field doc: listed statuses pass through with their body; "If the 404 status code is specified in this parameter,
// the configured ErrorDocument will be ineffective."

describe('triesNextOrigin (MirrorSwitchAllErrors)', () => {
  const table: Array<[number | undefined, boolean, boolean]> = [
    [undefined, false, true], [undefined, true, true],
    [500, false, true], [503, false, true], [599, false, true],
    [403, false, false], [400, false, false], [410, false, false], [308, false, false],
    [403, true, true], [400, true, true], [308, true, true], [500, true, true], [204, true, true],
    [200, true, false], [206, true, false], [301, true, false], [302, true, false], [303, true, false], [307, true, false], [404, true, false],
  ];
  for (const [status, all, switches] of table) {
    it(`${switches ? 'switches' : 'does not switch'} on ${status ?? 'a network failure'} with mirrorSwitchAllErrors ${all}`, () => {
      const failure = status === undefined ? {} : { status };
      expect(triesNextOrigin({ mirrorSwitchAllErrors: all }, failure)).toBe(switches);
    });
  }

  it('defaults to false and never switches after too many redirects', () => {
    expect(triesNextOrigin({}, { status: 403 })).toBe(false);
    expect(triesNextOrigin({ mirrorSwitchAllErrors: true }, { status: 302, tooManyRedirects: true })).toBe(false);
  });
});

describe('TransparentMirrorResponseCodes', () => {
  it('parses the comma-separated list and ignores what is not a status', () => {
    expect([...transparentCodes({ transparentMirrorResponseCodes: '400, 404,x,4040' })]).toEqual([400, 404]);
    expect(passesThrough({ transparentMirrorResponseCodes: '400,404' }, 404)).toBe(true);
    expect(passesThrough({}, 404)).toBe(false);
  });

  it('serves the ErrorDocument after an origin 404 unless 404 is transparent', () => {
    expect(errorDocumentAfterOrigin404({})).toBe(true);
    expect(errorDocumentAfterOrigin404({ transparentMirrorResponseCodes: '404' })).toBe(false);
  });
});

describe('Host towards the origin', () => {
  const request = { host: 'bucket.oss-cn-hangzhou.aliyuncs.com', 'x-a': 'a' };
  it('passes the bucket\'s Host with PassAll (or Pass host) unless host is removed', () => {
    expect(originRequestHeaders({ passAll: true }, request).headers.host).toBe('bucket.oss-cn-hangzhou.aliyuncs.com');
    expect(originRequestHeaders({ pass: ['host'] }, request).headers.host).toBe('bucket.oss-cn-hangzhou.aliyuncs.com');
    expect(originRequestHeaders({ passAll: true, remove: ['Host'] }, request).headers.host).toBeUndefined();
    expect(originRequestHeaders({ pass: ['x-a'] }, request).headers.host).toBeUndefined();
    expect(originRequestHeaders(undefined, request).headers.host).toBeUndefined();
  });

  it('says which rules pass it', () => {
    expect(rulePassesRequestHost({ passAll: true })).toBe(true);
    expect(rulePassesRequestHost({ passAll: true, remove: ['host'] })).toBe(false);
    expect(rulePassesRequestHost({ pass: ['HOST'] })).toBe(true);
    expect(rulePassesRequestHost(undefined)).toBe(false);
  });
});
