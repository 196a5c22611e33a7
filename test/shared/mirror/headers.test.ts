import { describe, expect, it } from 'vitest';
import { originRequestHeaders, mirrorHeaderProblem } from '../../../shared/mirror/index.ts';

// The console guide's own example: a request to OSS with
//   aaa-header: aaa / bbb-header: bbb / ccc-header: 111
// reaches the origin as
//   aaa-header: aaa / ccc-header: ccc
// (pass aaa-header, do not pass bbb-header, set ccc-header to ccc). The same guide and the PassAll field doc
// list headers that never take part: content-length, authorization2, authorization, range, date and any
// header starting with x-oss-, oss-, x-drs-. The Set field doc: set headers are sent "regardless of whether
// the headers are contained in the request".

const request = { 'aaa-header': 'aaa', 'bbb-header': 'bbb', 'ccc-header': '111' };
const forbidden = {
  authorization: 'OSS4-HMAC-SHA256 Credential=x',
  authorization2: 'y',
  'content-length': '0',
  range: 'bytes=0-1',
  date: 'Thu, 01 Jan 2026 00:00:00 GMT',
  'x-oss-meta-a': '1',
  'oss-foo': '2',
  'x-drs-bar': '3',
};

function withoutUa(h: Record<string, string>): Record<string, string> {
  const { 'user-agent': _ua, ...rest } = h;
  return rest;
}

describe('originRequestHeaders (console example and never-passed list)', () => {
  const table: Array<[string, Parameters<typeof originRequestHeaders>[0], Record<string, string>]> = [
    ['Pass aaa, Set ccc (console example)', { pass: ['aaa-header'], set: [{ key: 'ccc-header', value: 'ccc' }] }, { 'aaa-header': 'aaa', 'ccc-header': 'ccc' }],
    ['PassAll, Remove bbb, Set ccc (console example)', { passAll: true, remove: ['bbb-header'], set: [{ key: 'ccc-header', value: 'ccc' }] }, { 'aaa-header': 'aaa', 'ccc-header': 'ccc' }],
    ['no MirrorHeaders passes nothing', undefined, {}],
    ['Set of a header the request lacks still sends it', { set: [{ key: 'x-from-oss', value: 'v' }] }, { 'x-from-oss': 'v' }],
    ['Pass names are case-insensitive', { pass: ['AAA-Header'] }, { 'aaa-header': 'aaa' }],
  ];
  for (const [name, rule, expected] of table) {
    it(`sends ${JSON.stringify(expected)} when ${name}`, () => {
      expect(withoutUa(originRequestHeaders(rule, request).headers)).toEqual(expected);
    });
  }

  it('never passes the documented headers, even with PassAll', () => {
    const out = originRequestHeaders({ passAll: true }, { ...forbidden, keep: 'k' }).headers;
    expect(withoutUa(out)).toEqual({ keep: 'k' });
  });

  it('refuses the documented headers in Pass and Set', () => {
    const res = originRequestHeaders({ pass: ['authorization', 'range'], set: [{ key: 'x-oss-meta-a', value: 'v' }, { key: 'date', value: 'd' }] }, forbidden);
    expect(withoutUa(res.headers)).toEqual({});
    expect(res.refused.sort()).toEqual(['authorization', 'date', 'range', 'x-oss-meta-a']);
  });

  it('always names aliyun-oss-mirror in User-Agent', () => {
    expect(originRequestHeaders(undefined, {}).headers['user-agent']).toContain('aliyun-oss-mirror');
    expect(originRequestHeaders({ pass: ['user-agent'] }, { 'user-agent': 'curl/8' }).headers['user-agent']).toMatch(/^curl\/8 .*aliyun-oss-mirror/);
  });

  it('reports header names the validation must reject', () => {
    expect(mirrorHeaderProblem('myheader-key1')).toBeUndefined();
    expect(mirrorHeaderProblem('x-oss-meta-a')).toMatch(/never/);
    expect(mirrorHeaderProblem('Authorization')).toMatch(/never/);
    expect(mirrorHeaderProblem('bad_header')).toMatch(/letters/);
    expect(mirrorHeaderProblem('a'.repeat(1025))).toMatch(/1024/);
  });
});
