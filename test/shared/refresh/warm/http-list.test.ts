import { describe, expect, it } from 'vitest';
import { httpListProblem, warmListsFolder } from '../../../../shared/refresh/warm/http-list.ts';

const reports = { bucket: 'reports', prefix: 'runs/_state/refresh-stale-objects/' };
const inBucket = { bucket: 'web', prefix: '.ossedge-state/refresh/' };

describe('the key lists an HTTP caller may name', () => {
  it('takes a list under <state>warm/lists/ (sub-folders too)', () => {
    expect(warmListsFolder(reports)).toBe('runs/_state/refresh-stale-objects/warm/lists/');
    expect(httpListProblem('oss://reports/runs/_state/refresh-stale-objects/warm/lists/a.txt', reports)).toBeUndefined();
    expect(httpListProblem('oss://reports/runs/_state/refresh-stale-objects/warm/lists/2026/day 1.txt', reports)).toBeUndefined();
    expect(httpListProblem('oss://web/.ossedge-state/refresh/warm/lists/a.txt', inBucket)).toBeUndefined();
  });

  it('refuses everything else, naming only the allowed folder', () => {
    const hostile = [
      'oss://web/secrets.txt', 'oss://reports/runs/x.txt', 'oss://reports/runs/_state/refresh-stale-objects/leases/web/000000000001.json',
      'oss://reports/runs/_state/refresh-stale-objects/warm/r1/keys.txt', 'oss://reports/runs/_state/refresh-stale-objects/warm/lists/',
      'oss://reports/runs/_state/refresh-stale-objects/warm/lists/../../../x', 'oss://reports/runs/_state/refresh-stale-objects/warm/lists/./a',
      'oss://reports/runs/_state/refresh-stale-objects/warm/lists//a', 'oss://reports/runs/_state/refresh-stale-objects/warm/listsX/a',
      'oss://other/runs/_state/refresh-stale-objects/warm/lists/a.txt', 'https://reports/runs/_state/refresh-stale-objects/warm/lists/a.txt',
      'oss://Reports/runs/_state/refresh-stale-objects/warm/lists/a.txt', '', 'oss://', 'SECRET-oss://x',
    ];
    for (const keysFrom of hostile) {
      const problem = httpListProblem(keysFrom, reports);
      expect(problem, keysFrom).toBe('over HTTP keysFrom must name a list under oss://reports/runs/_state/refresh-stale-objects/warm/lists/ (upload it there; other objects are read only by direct invocations)');
    }
    expect(httpListProblem('oss://reports/runs/_state/refresh-stale-objects/warm/lists/a.txt', inBucket)).toMatch(/^over HTTP keysFrom must name a list under oss:\/\/web\/\.ossedge-state\/refresh\/warm\/lists\//);
  });
});
