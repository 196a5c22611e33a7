import { describe, expect, it } from 'vitest';
import { createRateLimiter, runBounded } from '../../../shared/refresh/rate.ts';
import { mirrorPrefixes } from '../../../shared/refresh/run.ts';
import { mirrorRules } from './fixture.ts';

describe('createRateLimiter', () => {
  it('lets a second of burst through, then paces takes at the given rate', async () => {
    const limiter = createRateLimiter(20);
    const started = performance.now();
    for (let i = 0; i < 30; i++) await limiter.take();
    const ms = performance.now() - started;
    expect(ms).toBeGreaterThanOrEqual(400); // 20 at once, 10 more at 50 ms each
    expect(ms).toBeLessThan(2_000);
  });
});

describe('runBounded', () => {
  it('never has more than the limit in flight and starts a prefix of the items when told to stop', async () => {
    let inFlight = 0;
    let peak = 0;
    const done: number[] = [];
    const started = await runBounded(Array.from({ length: 20 }, (_, i) => i), 3, () => done.length < 7, async (i) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      done.push(i);
    });
    expect(peak).toBe(3);
    expect(done.sort((a, b) => a - b)).toEqual(Array.from({ length: started }, (_, i) => i));
    expect(started).toBeLessThan(20);
  });
});

describe('mirrorPrefixes', () => {
  it('keeps the shortest of overlapping Mirror rule prefixes and ignores other rules', () => {
    const rules = [...mirrorRules('http://o/', 'img/'), ...mirrorRules('http://o/', 'img/big/'), ...mirrorRules('http://o/', 'css/')];
    rules.push({ ruleNumber: 9, condition: { httpErrorCodeReturnedEquals: 404 }, redirect: { redirectType: 'External', hostName: 'x' } } as never);
    expect(mirrorPrefixes(rules)).toEqual(['css/', 'img/']);
    expect(mirrorPrefixes([...rules, ...mirrorRules('http://o/')])).toEqual(['']);
  });
});
