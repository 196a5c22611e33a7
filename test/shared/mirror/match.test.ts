import { describe, expect, it } from 'vitest';
import type { RoutingRule } from '../../../shared/oss/models/website.ts';
import { matchRoutingRule } from '../../../shared/mirror/index.ts';

// Decision tables written from the documents, not from shared/mirror:
// - spec/oss-api.md §3.1 "Rule evaluation" and the mirroring guide ("rules are sequentially matched based on
//   RuleNumber. If a request matches a rule, the subsequent rules are not matched ... OSS does not check
//   whether the requested object can be obtained from the origin").
// - Go SDK field docs: Condition "a rule is matched only when the rule meets the conditions specified by all
//   nodes"; IncludeHeader "matched only when the header is included in the request and the value equals".

const mirror = (n: number, condition: RoutingRule['condition'], url = `http://origin${n}.example.com/`): RoutingRule => ({
  ruleNumber: n,
  condition,
  redirect: { redirectType: 'Mirror', mirrorURL: url },
});

describe('matchRoutingRule (documents: RuleNumber order, first match wins, all conditions hold)', () => {
  const rules: RoutingRule[] = [
    mirror(3, { keyPrefixEquals: 'img/', httpErrorCodeReturnedEquals: 404 }),
    mirror(1, { keyPrefixEquals: 'img/', keySuffixEquals: '.png', httpErrorCodeReturnedEquals: 404 }),
    mirror(2, { keyPrefixEquals: 'doc/', httpErrorCodeReturnedEquals: 404, includeHeaders: [{ key: 'host', equals: 'x.example.com' }] }),
    mirror(4, { keySuffixEquals: '.txt' }),
  ];
  const table: Array<[string, { key: string; httpStatus: number; headers?: Record<string, string> }, number | undefined]> = [
    ['lower RuleNumber wins although listed later', { key: 'img/a.png', httpStatus: 404 }, 1],
    ['suffix condition fails so the next rule in order matches', { key: 'img/a.jpg', httpStatus: 404 }, 3],
    ['404 condition does not match an existing object (200)', { key: 'img/a.jpg', httpStatus: 200 }, undefined],
    ['IncludeHeader equals holds', { key: 'doc/a', httpStatus: 404, headers: { Host: 'x.example.com' } }, 2],
    ['IncludeHeader value differs', { key: 'doc/a', httpStatus: 404, headers: { host: 'y.example.com' } }, undefined],
    ['IncludeHeader header absent', { key: 'doc/a', httpStatus: 404 }, undefined],
    ['rule without status condition matches any status', { key: 'notes/a.txt', httpStatus: 200 }, 4],
    ['no condition holds', { key: 'other/a.bin', httpStatus: 404 }, undefined],
    ['prefix is case-sensitive (object keys are)', { key: 'IMG/a.png', httpStatus: 404 }, undefined],
  ];
  for (const [name, input, expected] of table) {
    it(`selects rule ${expected ?? 'none'} when ${name}`, () => {
      expect(matchRoutingRule(rules, input)?.ruleNumber).toBe(expected);
    });
  }

  it('does startsWith / endsWith IncludeHeader tests when set', () => {
    const r = [mirror(1, { includeHeaders: [{ key: 'User-Agent', startsWith: 'Mozilla/', endsWith: 'Safari' }] })];
    expect(matchRoutingRule(r, { key: 'k', httpStatus: 404, headers: { 'user-agent': 'Mozilla/5 Safari' } })?.ruleNumber).toBe(1);
    expect(matchRoutingRule(r, { key: 'k', httpStatus: 404, headers: { 'user-agent': 'curl/8 Safari' } })).toBeUndefined();
    expect(matchRoutingRule(r, { key: 'k', httpStatus: 404, headers: { 'user-agent': 'Mozilla/5 Chrome' } })).toBeUndefined();
  });

  it('requires every IncludeHeader when several are given', () => {
    const r = [mirror(1, { includeHeaders: [{ key: 'a', equals: '1' }, { key: 'b', equals: '2' }] })];
    expect(matchRoutingRule(r, { key: 'k', httpStatus: 404, headers: { a: '1', b: '2' } })?.ruleNumber).toBe(1);
    expect(matchRoutingRule(r, { key: 'k', httpStatus: 404, headers: { a: '1' } })).toBeUndefined();
  });

  it('matches nothing when there are no rules', () => {
    expect(matchRoutingRule(undefined, { key: 'a', httpStatus: 404 })).toBeUndefined();
    expect(matchRoutingRule([], { key: 'a', httpStatus: 404 })).toBeUndefined();
  });
});
