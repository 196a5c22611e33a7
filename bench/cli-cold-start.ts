// Cold start of the `ossedge` CLI: fresh processes of the built CLI (dist/cli/ossedge.mjs, what the
// package's bin runs) against `npx tsx local/cli.ts` (the sources), the same run, median wall time.
// Two commands: `--version`, and `plan` of one unchanged bucket against the emulator (in this process).
// Run alone: `npx tsx bench/cli-cold-start.ts [runs]`.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startEmulator } from '../local/oss-emulator/index.ts';
import { median } from './stats.ts';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const DEFAULT_RUNS = 7;
const CONFIG = 'version: 1\nbuckets:\n  bench-cli:\n    cors:\n      rules: [{allowedOrigin: ["*"], allowedMethod: [GET]}]\n';

export interface CliColdStartResult {
  runs: number;
  versionBuiltMs: number;
  versionTsxMs: number;
  versionRatio: number;
  planBuiltMs: number;
  planTsxMs: number;
  planRatio: number;
}

function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv, okCodes: number[]): Promise<number> {
  const started = performance.now();
  return new Promise((resolvePromise, reject) => {
    execFile(cmd, args, { cwd: ROOT, env }, (error) => {
      const code = (error as { code?: unknown } | null)?.code ?? 0;
      if (typeof code !== 'number' || !okCodes.includes(code)) reject(new Error(`${cmd} ${args.join(' ')}: exit ${String(code)}`));
      else resolvePromise(performance.now() - started);
    });
  });
}

export async function benchCliColdStart(options: { runs?: number; log?: (line: string) => void } = {}): Promise<CliColdStartResult> {
  const runs = options.runs ?? DEFAULT_RUNS;
  const log = options.log ?? (() => {});
  const dir = mkdtempSync(join(tmpdir(), 'ossedge-bench-cli-'));
  const emu = await startEmulator();
  try {
    execFileSync(process.execPath, ['scripts/build.mjs', '--outdir', dir, 'cli'], { cwd: ROOT, stdio: 'ignore' });
    const built = join(dir, 'cli', 'ossedge.mjs');
    const config = join(dir, 'ossedge.yaml');
    writeFileSync(config, CONFIG);
    emu.seed.createBucket('bench-cli');
    const env = { ...process.env, OSS_ACCESS_KEY_ID: emu.accessKeyId, OSS_ACCESS_KEY_SECRET: emu.accessKeySecret };
    // the bucket is made equal to the config once: every timed plan is of one unchanged bucket (exit 0)
    const { runCli } = (await import(pathToFileURL(join(ROOT, 'local', 'cli.ts')).href)) as typeof import('../local/cli.ts');
    const sink = { write: () => true } as unknown as NodeJS.WritableStream;
    await runCli(['apply', '-c', config, '--endpoint', emu.endpoint], { stdout: sink, stderr: sink, env });
    const plan = ['plan', '-c', config, '--endpoint', emu.endpoint];
    const times = { versionBuilt: [] as number[], versionTsx: [] as number[], planBuilt: [] as number[], planTsx: [] as number[] };
    // interleaved, so both sides see the same machine load
    for (let i = 0; i < runs; i++) {
      times.versionBuilt.push(await timed(process.execPath, [built, '--version'], env, [0]));
      times.versionTsx.push(await timed('npx', ['tsx', 'local/cli.ts', '--version'], env, [0]));
      times.planBuilt.push(await timed(process.execPath, [built, ...plan], env, [0]));
      times.planTsx.push(await timed('npx', ['tsx', 'local/cli.ts', ...plan], env, [0]));
    }
    const r: CliColdStartResult = {
      runs,
      versionBuiltMs: Math.round(median(times.versionBuilt)),
      versionTsxMs: Math.round(median(times.versionTsx)),
      versionRatio: 0,
      planBuiltMs: Math.round(median(times.planBuilt)),
      planTsxMs: Math.round(median(times.planTsx)),
      planRatio: 0,
    };
    r.versionRatio = Number((r.versionTsxMs / r.versionBuiltMs).toFixed(1));
    r.planRatio = Number((r.planTsxMs / r.planBuiltMs).toFixed(1));
    log(`cli cold start (median of ${runs} fresh processes): --version built ${r.versionBuiltMs} ms vs npx tsx ${r.versionTsxMs} ms (x${r.versionRatio}); ` +
      `plan of 1 unchanged bucket built ${r.planBuiltMs} ms vs npx tsx ${r.planTsxMs} ms (x${r.planRatio})`);
    return r;
  } finally {
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const runs = Number(process.argv[2] ?? DEFAULT_RUNS);
  console.log(JSON.stringify(await benchCliColdStart({ runs, log: console.log }), null, 2));
}
