import type { EmulatorHandle } from '../../../local/oss-emulator/index.ts';
import type { RefererConfiguration } from '../../../shared/oss/models/referer.ts';

const WWW = 'https://www.example.com/*';
const strict = (over: Partial<RefererConfiguration> = {}): RefererConfiguration => ({ allowEmptyReferer: false, refererList: [WWW], ...over });

/** One bucket per finding code (and clean ones), with the exact findings each must produce. */
export const FIXTURE_BUCKETS: Array<{ name: string; expect: Array<[code: string, severity: string, target?: string]>; seed: (emu: EmulatorHandle, name: string) => void }> = [
  {
    name: 'clean-site', expect: [],
    seed: (emu, b) => emu.seed.createBucket(b, {
      acl: 'public-read', referer: strict(), cnames: [{ domain: 'www.example.com' }],
      cors: { rules: [{ allowedOrigin: ['https://www.example.com'], allowedMethod: ['GET'] }] },
    }),
  },
  { name: 'clean-blocked', expect: [], seed: (emu, b) => emu.seed.createBucket(b, { acl: 'public-read', publicAccessBlock: true }) },
  { name: 'open-assets', expect: [['REFERER_UNPROTECTED', 'high']], seed: (emu, b) => emu.seed.createBucket(b, { acl: 'public-read' }) },
  {
    name: 'open-policy', expect: [['REFERER_UNPROTECTED', 'high']],
    seed: (emu, b) => emu.seed.createBucket(b, {
      policy: JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Principal: ['*'], Action: ['oss:GetObject'], Resource: [`acs:oss:*:*:${b}/*`] }] }),
    }),
  },
  { name: 'empty-allowed', expect: [['REFERER_EMPTY_ALLOWED', 'medium']], seed: (emu, b) => emu.seed.createBucket(b, { referer: strict({ allowEmptyReferer: true }) }) },
  { name: 'wildcard-any', expect: [['REFERER_WILDCARD_ANY', 'high', '*.com']], seed: (emu, b) => emu.seed.createBucket(b, { referer: strict({ refererList: ['*.com'] }) }) },
  {
    name: 'list-conflict', expect: [['REFERER_LIST_CONFLICT', 'low', 'https://*.example.com/* | https://bad.example.com/*']],
    seed: (emu, b) => emu.seed.createBucket(b, { referer: strict({ refererList: ['https://*.example.com/*'], refererBlacklist: ['https://bad.example.com/*'] }) }),
  },
  {
    // 80 + 80 entries of 2,000 characters: checking every pair is past the matching bound of one bucket
    name: 'huge-lists', expect: [['REFERER_CHECKS_INCOMPLETE', 'low']],
    seed: (emu, b) => emu.seed.createBucket(b, { referer: strict({
      refererList: Array.from({ length: 80 }, (_, i) => `https://w${i}.example.com/${'*a'.repeat(985)}`),
      refererBlacklist: Array.from({ length: 80 }, (_, i) => `https://k${i}.example.com/${'*a'.repeat(985)}`),
    }) }),
  },
  {
    name: 'own-domain', expect: [['REFERER_OWN_DOMAIN_BLOCKED', 'high', 'cdn.example.net']],
    seed: (emu, b) => emu.seed.createBucket(b, { referer: strict(), cnames: [{ domain: 'cdn.example.net' }] }),
  },
  {
    name: 'query-kept', expect: [['REFERER_QUERY_NOT_TRUNCATED', 'low', 'https://www.example.com/page?from=partner']],
    seed: (emu, b) => emu.seed.createBucket(b, { referer: strict({ allowTruncateQueryString: false, refererList: ['https://www.example.com/page?from=partner'] }) }),
  },
  {
    name: 'query-dropped', expect: [['REFERER_QUERY_ENTRY_UNREACHABLE', 'medium', 'https://www.example.com/page?from=partner']],
    seed: (emu, b) => emu.seed.createBucket(b, { referer: strict({ refererList: [WWW, 'https://www.example.com/page?from=partner'] }) }),
  },
  { name: 'lookalike', expect: [['REFERER_LOOKALIKE_HOST', 'low', 'https://www.example.com']], seed: (emu, b) => emu.seed.createBucket(b, { referer: strict({ refererList: ['https://www.example.com'] }) }) },
  { name: 'no-scheme', expect: [['REFERER_ENTRY_NO_SCHEME', 'low', 'www.example.com']], seed: (emu, b) => emu.seed.createBucket(b, { referer: strict({ refererList: ['www.example.com'] }) }) },
  { name: 'drifted', expect: [['REFERER_DRIFT', 'medium']], seed: (emu, b) => emu.seed.createBucket(b, { referer: strict({ refererList: ['https://old.example.com/*'] }) }) },
  {
    name: 'cors-any', expect: [['CORS_ANY_ORIGIN_WITH_REFERER', 'medium', 'cors.rules[0]']],
    seed: (emu, b) => emu.seed.createBucket(b, { referer: strict(), cors: { rules: [{ allowedOrigin: ['*'], allowedMethod: ['GET'] }] } }),
  },
];

/** ossedge.yaml naming two of the buckets: `drifted` differs from it, `clean-site` matches it. */
export const FIXTURE_CONFIG = `version: 1
buckets:
  drifted:
    referer:
      allowEmptyReferer: false
      refererList: ['${WWW}']
  clean-site:
    referer:
      allowEmptyReferer: false
      refererList: ['${WWW}']
`;
