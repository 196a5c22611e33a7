import { describe, expect, it } from 'vitest';
import { auditBucket, exposureOf, matchesLookalikeHost, hasQueryString, matchesAnySite, newHighFindings, policyGrantsAnonymousRead } from '../../../shared/audit/index.ts';
import { createReport } from '../../../shared/report/model.ts';

const ref = { allowEmptyReferer: false, refererList: [] };

describe('audit-referer rules', () => {
  it('does classify whitelist entries that match any site', () => {
    for (const p of ['*', 'http*', 'https://*', '*.com', 'http://*.cn/*', '*.org', '?*']) expect(matchesAnySite(p, ref), p).toBe(true);
    for (const p of ['https://www.example.com/*', 'https://*.example.com/*', '*.example.com', 'http://www.aliyun?.com']) expect(matchesAnySite(p, ref), p).toBe(false);
  });

  it('does tell a wholly blocked whitelist entry from an overlap', () => {
    const inv = (refererList: string[], refererBlacklist: string[]) => ({ name: 'b', region: 'r', acl: 'private', referer: { allowEmptyReferer: false, refererList, refererBlacklist } });
    const blocked = auditBucket(inv(['https://a.example.com/*'], ['https://*']));
    expect(blocked.map((f) => [f.code, f.severity, f.data?.direction])).toEqual([['REFERER_LIST_CONFLICT', 'medium', 'whitelist-blocked']]);
    const overlap = auditBucket(inv(['https://*.example.com/*'], ['https://bad.example.com/*']));
    expect(overlap.map((f) => [f.code, f.severity, f.data?.direction])).toEqual([['REFERER_LIST_CONFLICT', 'low', 'overlap']]);
    expect(auditBucket(inv(['https://www.example.com/*'], ['https://*.hack.com/*']))).toEqual([]);
  });

  it('does tell entries without a scheme in time linear in the entry', () => {
    const noScheme = (entry: string) => auditBucket({ name: 'b', region: 'r', acl: 'private', referer: { allowEmptyReferer: false, refererList: [entry] } })
      .some((f) => f.code === 'REFERER_ENTRY_NO_SCHEME');
    const table: Array<[string, boolean]> = [
      ['https://a.com/*', false], ['HTTP://a.com/', false], ['*.a.com', false], ['?ttp://a.com', false], ['ht*p://a.com', false],
      ['H*://a.com', false], ['a*com://x', false],
      ['www.a.com', true], ['ftp://a.com', true], ['h*tp1://a.com', true], ['http:/a.com', true], ['h*p:', true], ['htp://a.com', true],
    ];
    for (const [entry, expected] of table) expect(noScheme(entry), entry).toBe(expected);
    // /^[a-z*?]*\*[a-z*?]*:\/\// took minutes over this entry (quadratic backtracking)
    expect(noScheme(`a${'*'.repeat(80_000)}!`)).toBe(true);
  });

  it('does flag whitelist entries without a path as open to look-alike hosts', () => {
    for (const p of ['https://www.example.com', 'https://*.example.com', 'http://cdn.example.com:8080']) expect(matchesLookalikeHost(p, ref), p).toBe(true);
    for (const p of ['https://www.example.com/', 'https://www.example.com/*', 'www.example.com']) expect(matchesLookalikeHost(p, ref), p).toBe(false);
  });

  it('does see query strings only after the path starts', () => {
    expect(hasQueryString('https://a.com/p?from=x')).toBe(true);
    expect(hasQueryString('https://www.?.aliyuncs.com')).toBe(false);
    expect(hasQueryString('https://a.com/p?')).toBe(false);
  });

  it('does count anonymous-read policies and respect Block Public Access', () => {
    const policy = { Statement: [{ Effect: 'Allow', Principal: '*', Action: 'oss:*', Resource: '*' }] };
    expect(policyGrantsAnonymousRead(policy)).toBe(true);
    expect(policyGrantsAnonymousRead({ Statement: [{ ...policy.Statement[0], Condition: { IpAddress: { 'acs:SourceIp': ['10.0.0.0/8'] } } }] })).toBe(false);
    expect(policyGrantsAnonymousRead({ Statement: [{ ...policy.Statement[0], Effect: 'Deny' }] })).toBe(false);
    expect(policyGrantsAnonymousRead({ Statement: [{ ...policy.Statement[0], Principal: ['12345'] }] })).toBe(false);
    expect(exposureOf({ name: 'b', region: 'r', acl: 'private', website: { indexDocument: { suffix: 'index.html' } } })).toMatchObject({ readable: true, reasons: ['website'] });
    expect(exposureOf({ name: 'b', region: 'r', acl: 'public-read-write', blockPublicAccess: true })).toMatchObject({ readable: false, writable: false, blocked: true });
  });

  it('does call a finding new only when its bucket, code and target were not high before', () => {
    const mk = (items: Array<[string, string, string?]>) => {
      const b = createReport({ function: 'audit-referer' });
      for (const [bucket, severity, target] of items) b.add({ bucket, code: 'X', severity: severity as 'high', message: 'm', ...(target ? { target } : {}) });
      return b.finish();
    };
    const prev = mk([['a', 'high'], ['b', 'medium']]);
    const now = mk([['a', 'high'], ['b', 'high'], ['c', 'low'], ['a', 'critical', 't']]);
    expect(newHighFindings(now, prev).map((i) => `${i.bucket}/${i.target ?? ''}`)).toEqual(['b/', 'a/t']);
    expect(newHighFindings(now, undefined)).toHaveLength(3);
  });
});
