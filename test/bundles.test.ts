import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInto, existingFunctions } from './e2e/build-helper.ts';

/** An entry file above this would make cold starts pay for code they do not run. */
const ENTRY_BUDGET_BYTES = 400 * 1024;

let outdir: string;
let log: string;
beforeAll(() => {
  ({ outdir, log } = buildInto('ossedge-bundles-'));
}, 120_000);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** Functions that queue async FC invocations (apply-config's webhook, refresh's shards and parts, ossedge-health's heartbeat). */
const QUEUES_INVOCATIONS = new Set(['apply-config', 'refresh-stale-objects', 'ossedge-health']);

describe('function bundles', () => {
  it('builds every function in functions/ and prints each size', () => {
    const fns = existingFunctions();
    expect(fns.length).toBeGreaterThan(0);
    for (const f of fns) expect(log).toMatch(new RegExp(`${f}/index\\.mjs \\d+\\.\\d KB`));
  });

  it.each(existingFunctions())('loads %s as index.handler in a fresh Node process', (f) => {
    const out = execFileSync(process.execPath, ['-e', "import('./index.mjs').then(m => console.log(typeof m.handler))"], { cwd: join(outdir, f), encoding: 'utf8', timeout: 30_000, env: { PATH: process.env.PATH ?? '' } });
    expect(out.trim()).toBe('function');
  });

  it.each(existingFunctions())('keeps %s small: its entry stays under budget and @alicloud/fc2 sits in a lazy chunk', (f) => {
    const entry = readFileSync(join(outdir, f, 'index.mjs'), 'utf8');
    expect(statSync(join(outdir, f, 'index.mjs')).size).toBeLessThan(ENTRY_BUDGET_BYTES);
    // fc2's signer header only exists in its own chunk, which the entry reaches through import() only
    expect(entry).not.toContain('x-fc-account-id');
    const chunks = readdirSync(join(outdir, f, 'chunks')).filter((c) => c.endsWith('.mjs'));
    const fc2 = chunks.filter((c) => readFileSync(join(outdir, f, 'chunks', c), 'utf8').includes('x-fc-account-id'));
    // the functions that queue FC invocations carry the invoker; the others carry no fc2 at all
    expect(fc2).toHaveLength(QUEUES_INVOCATIONS.has(f) ? 1 : 0);
    if (fc2.length > 0) {
      expect(entry).toMatch(new RegExp(`import\\("\\./chunks/${fc2[0]!.replace('.', '\\.')}"\\)`));
    }
  });
});
