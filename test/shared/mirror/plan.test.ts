import { describe, expect, it } from 'vitest';
import type { RoutingRule } from '../../../shared/oss/models/website.ts';
import { findMirrorRule, planMirrorRequest } from '../../../shared/mirror/index.ts';

// Console guide example 1 (examplefolder/ → destfolder/ on https://example.com, MD5 check) and the field docs'
// defaults (MirrorFollowRedirect true, MirrorCheckMd5 false, timeout 10 s); first match wins, so a key whose
// first matching rule is External is not mirrored.

const rules: RoutingRule[] = [
  { ruleNumber: 1, condition: { keyPrefixEquals: 'ext/', httpErrorCodeReturnedEquals: 404 }, redirect: { redirectType: 'External', hostName: 'example.org' } },
  {
    ruleNumber: 2,
    condition: { keyPrefixEquals: 'examplefolder/', httpErrorCodeReturnedEquals: 404 },
    redirect: { redirectType: 'Mirror', mirrorURL: 'https://example.com/', enableReplacePrefix: true, replaceKeyPrefixWith: 'destfolder/', mirrorCheckMd5: true },
  },
  { ruleNumber: 3, condition: { httpErrorCodeReturnedEquals: 404 }, redirect: { redirectType: 'Mirror', mirrorURL: 'http://fallback.example.com/', mirrorFollowRedirect: false } },
];

describe('findMirrorRule and planMirrorRequest', () => {
  it('finds the Mirror rule for a key and nothing when an External rule matches first', () => {
    expect(findMirrorRule(rules, 'examplefolder/a.png')?.ruleNumber).toBe(2);
    expect(findMirrorRule(rules, 'ext/a.png')).toBeUndefined();
    expect(findMirrorRule(rules, 'other/a.png')?.ruleNumber).toBe(3);
  });

  it('plans console example 1', () => {
    const plan = planMirrorRequest(rules[1]!, { key: 'examplefolder/a.png' });
    expect(plan.originKey).toBe('destfolder/a.png');
    expect(plan.origins.map((o) => o.url)).toEqual(['https://example.com/destfolder/a.png']);
    expect(plan).toMatchObject({ followRedirect: true, checkMd5: true, timeoutMs: 10_000 });
    expect(plan.headers['user-agent']).toContain('aliyun-oss-mirror');
  });

  it('carries MirrorFollowRedirect=false and the default MD5 setting', () => {
    expect(planMirrorRequest(rules[2]!, { key: 'x' })).toMatchObject({ followRedirect: false, checkMd5: false });
  });
});
