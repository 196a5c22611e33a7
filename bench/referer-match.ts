// Referer matching cost: the shared matcher (shift-and; the emulator decides with it too) and the
// backtracking RegExp it replaced, on entries a hostile bucket owner can write; then auditBucket over the worst lists
// measured so far (issue 13 item 3). Run alone: `npx tsx bench/referer-match.ts`.
import { pathToFileURL } from 'node:url';
import { auditBucket } from '../shared/audit/index.ts';
import { wildcardMatch } from '../shared/referer/index.ts';

interface Figures {
  case: string;
  shared: { ms: number; steps: number };
  oldRegExpMs?: number;
}

function oldRegExp(pattern: string): RegExp {
  const body = [...pattern].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/-]/g, '\\$&'))).join('');
  return new RegExp(`^${body}`, 'is');
}

function time<T>(fn: () => T): { ms: number; value: T } {
  const started = performance.now();
  const value = fn();
  return { ms: Math.round((performance.now() - started) * 10) / 10, value };
}

function measure(name: string, pattern: string, input: string, withOld: boolean): Figures {
  const shared = time(() => wildcardMatch(pattern, input, { anchorEnd: false, caseInsensitive: true }));
  const out: Figures = { case: name, shared: { ms: shared.ms, steps: shared.value.steps } };
  if (withOld) out.oldRegExpMs = time(() => oldRegExp(pattern).test(input)).ms;
  return out;
}

export function benchRefererMatch({ log }: { log: (line: string) => void }): Figures[] {
  const figures = [
    // 3 stars: the old RegExp still finishes here (4 stars on 421 characters took 11.7 s, not run)
    measure('*x*x*xy vs 421 chars', '*x*x*xy', `https://${'x'.repeat(413)}`, true),
    measure('*x*x*x*xy vs 421 chars (old: 11.7 s)', '*x*x*x*xy', `https://${'x'.repeat(413)}`, false),
    measure('1,019-char *x*x..y vs 15,008 chars', `https://${'*x'.repeat(505)}y`, `https://${'ossedge-example'.repeat(1000)}`, false),
  ];
  for (const f of figures) log(JSON.stringify(f));
  for (const n of [1, 5, 10]) {
    const white = Array.from({ length: n }, (_, i) => `https://${'*'.repeat(1000)}${i}`);
    const black = Array.from({ length: n }, (_, i) => `https://${'*x'.repeat(505)}y${i}`);
    const run = time(() => auditBucket({ name: 'b', region: 'r', acl: 'private', referer: { allowEmptyReferer: false, refererList: white, refererBlacklist: black } }));
    log(`auditBucket ${n}x${n} entries of ~1,020 characters: ${run.ms} ms`);
  }
  return figures;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) benchRefererMatch({ log: console.log });
