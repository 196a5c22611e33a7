import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../../shared/config/index.ts';
import { withRedirect } from '../fixtures.ts';

// The headers the PassAll field doc and the console guide say a mirror rule can never pass, remove or set
// (spec/oss-api.md §3.1), written out here from the documents rather than read from shared/mirror.
const DOCUMENTED = ['Content-Length', 'authorization2', 'Authorization', 'range', 'Date', 'x-oss-meta-a', 'oss-trace', 'x-drs-id'];

const neverPassed = (mirrorHeaders: Record<string, unknown>) =>
  validateConfig({ value: withRedirect({ mirrorHeaders }) }).filter((i) => i.code === 'CONFIG_HEADER_NEVER_PASSED').map((i) => i.path);

describe('checkMirrorHeaders', () => {
  it('does refuse every documented never-passed header and prefix in pass and in set, whatever the case', () => {
    const pass = neverPassed({ pass: DOCUMENTED });
    expect(pass).toEqual(DOCUMENTED.map((_, i) => `buckets.assets.website.routingRules[0].redirect.mirrorHeaders.pass[${i}]`));
    const set = neverPassed({ set: DOCUMENTED.map((key) => ({ key, value: 'v' })) });
    expect(set).toEqual(DOCUMENTED.map((_, i) => `buckets.assets.website.routingRules[0].redirect.mirrorHeaders.set[${i}].key`));
  });

  it('does not refuse ordinary headers, nor hop-by-hop ones (not documented: only the mirror engine drops them)', () => {
    expect(neverPassed({ pass: ['x-custom', 'cache-control', 'connection', 'x-os-not-a-prefix'] })).toEqual([]);
  });
});
