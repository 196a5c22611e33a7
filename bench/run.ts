// `npm run bench`: every benchmark, one after another, each printing its own figures and its ratio
// against the baseline it measures in the same run. Not part of `npm test`.
// `npm run bench -- signing emulator` runs only the named ones; `--quick` makes refresh-soak short.
import { benchApplyConfig } from './apply-config.ts';
import { benchCliColdStart } from './cli-cold-start.ts';
import { benchColdStart } from './client-cold-start.ts';
import { benchEmulator } from './emulator.ts';
import { benchFunctionColdStart } from './function-cold-start.ts';
import { benchListParse } from './list-parse.ts';
import { benchRefererMatch } from './referer-match.ts';
import { benchRefresh } from './refresh.ts';
import { benchRefreshSoak } from './refresh-soak.ts';
import { benchSigning } from './signing.ts';
import { benchWarm } from './warm.ts';

interface Bench {
  name: string;
  run: () => Promise<unknown>;
}

const log = (line: string): void => console.log(line);
const quick = process.argv.includes('--quick');

const BENCHES: Bench[] = [
  { name: 'signing', run: () => benchSigning({ log }) },
  { name: 'cold-start', run: () => benchColdStart({ log }) },
  { name: 'function-cold-start', run: () => benchFunctionColdStart({ log }) },
  { name: 'cli-cold-start', run: () => benchCliColdStart({ log }) },
  { name: 'emulator', run: () => benchEmulator() },
  { name: 'apply-config', run: () => benchApplyConfig({ log }) },
  { name: 'list-parse', run: () => benchListParse({ log }) },
  { name: 'refresh', run: () => benchRefresh({ log }) },
  { name: 'refresh-soak', run: () => benchRefreshSoak({ ...(quick ? { objects: 100, rounds: 10 } : {}), log }) },
  { name: 'warm', run: () => benchWarm({ ...(quick ? { keys: 2_000 } : {}), log }) },
  { name: 'referer-match', run: () => { benchRefererMatch({ log }); return Promise.resolve(undefined); } },
];

const wanted = process.argv.slice(2).filter((a) => a !== '--quick');
const unknown = wanted.filter((name) => !BENCHES.some((b) => b.name === name));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${BENCHES.map((b) => b.name).join(', ')}`);
  process.exit(2);
}
for (const bench of BENCHES.filter((b) => wanted.length === 0 || wanted.includes(b.name))) {
  console.log(`\n== ${bench.name}`);
  const started = performance.now();
  const result = await bench.run();
  if (result !== undefined) console.log(JSON.stringify(result, null, 2));
  console.log(`(${bench.name}: ${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
