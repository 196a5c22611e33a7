// `ossedge local` / `npm start`: the OSS emulator, a sample origin site and the FC runner with every
// function that exists, wired together on loopback; invokes each function once; runs until Ctrl-C
// (or, with --once, exits 0 when every invocation succeeded).
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig } from '../shared/config/index.ts';
import { createOssClient } from '../shared/oss/client.ts';
import { publishDashboard } from '../shared/report/html-publish.ts';
import { loadRunnerFunctions, startRunner, type Runner } from './fc-runner/index.ts';
import { startEmulator, type EmulatorHandle } from './oss-emulator/index.ts';
import { startSampleOrigin, type SampleOrigin } from './sample-origin.ts';

export const CONFIG_BUCKET = 'ossedge-config';
export const REPORTS_BUCKET = 'ossedge-reports';
export const EXAMPLE_BUCKETS = ['assets-example', 'www-example'] as const;

export interface LocalOptions {
  once?: boolean;
  /** Where the example ossedge.yaml and the emulator's data go; default a fresh temp dir. */
  dataDir?: string;
  /** Package root (s.yaml, functions/). */
  root?: string;
  /** Run the TypeScript sources (default) or the bundles in dist/ (after `npm run build`). */
  from?: 'source' | 'dist';
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  /** Resolves when the user asks to stop; default SIGINT/SIGTERM. */
  stopSignal?: Promise<void>;
}

/** The GitOps settings `ossedge local` passes from its own environment to the functions (README "GitOps"). */
export const GIT_ENV_NAMES = [
  'OSSEDGE_GIT_TOKEN', 'OSSEDGE_GIT_PROVIDER', 'OSSEDGE_GIT_REPOSITORY', 'OSSEDGE_GIT_API', 'OSSEDGE_GIT_PATH', 'OSSEDGE_GIT_BRANCH', 'OSSEDGE_DASHBOARD_URL',
] as const;

/** The set ones of GIT_ENV_NAMES (s.yaml would otherwise resolve them to its defaults, '' for most). */
export function gitEnvFrom(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of GIT_ENV_NAMES) if (env[k]) out[k] = env[k]!;
  return out;
}

export function exampleConfig(originUrl: string): string {
  return `# ossedge.yaml written by \`ossedge local\` for the emulator's example buckets
version: 1
defaults:
  region: cn-hangzhou
buckets:
  assets-example:
    website:
      indexDocument:
        suffix: index.html
      routingRules:
        - condition:
            keyPrefixEquals: assets/
            httpErrorCodeReturnedEquals: 404
          redirect:
            redirectType: Mirror
            mirrorURL: ${originUrl}
            mirrorCheckMd5: true
            mirrorFollowRedirect: true
          sampleKeys:
            - assets/app.js
    cors:
      rules:
        - allowedOrigin: ['http://www-example.localhost']
          allowedMethod: [GET, HEAD]
          allowedHeader: ['*']
          maxAgeSeconds: 600
    referer:
      allowEmptyReferer: false
      refererList:
        - http://www-example.localhost/*
`;
}

function stopOnSignals(): { promise: Promise<void>; dispose(): void } {
  let onSignal = () => {};
  const promise = new Promise<void>((resolve) => {
    onSignal = () => resolve();
  });
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    promise,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

async function seed(emu: EmulatorHandle, origin: SampleOrigin, dataDir: string): Promise<string> {
  const text = exampleConfig(origin.url);
  const checked = await loadConfig(text);
  if (!checked.ok) throw new Error(`example ossedge.yaml does not validate: ${checked.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  for (const b of [CONFIG_BUCKET, ...EXAMPLE_BUCKETS]) emu.seed.createBucket(b);
  // the dashboard is a static page in the reports bucket, served by the emulator's website endpoint
  emu.seed.createBucket(REPORTS_BUCKET, { acl: 'public-read', website: { indexDocument: { suffix: 'index.html', supportSubDir: true, type: 0 } } });
  const configFile = join(dataDir, 'ossedge.yaml');
  writeFileSync(configFile, text);
  emu.seed.putObject(CONFIG_BUCKET, 'ossedge.yaml', text);
  emu.seed.putObject('www-example', 'index.html', '<!doctype html><title>www</title><img src="/logo.svg">\n');
  emu.seed.setAcl('www-example', 'public-read');
  // a mirrored copy that the origin has changed since: work for refresh-stale-objects
  emu.seed.putObject('assets-example', 'assets/style.css', 'body { color: red; }\n');
  return configFile;
}

/** Runs the local stack; resolves with the process exit code. */
export async function runLocal(options: LocalOptions = {}): Promise<number> {
  const out = options.stdout ?? process.stdout;
  const err = options.stderr ?? process.stderr;
  const root = options.root ?? resolve(import.meta.dirname, '..');
  const dataDir = options.dataDir ? resolve(options.dataDir) : mkdtempSync(join(tmpdir(), 'ossedge-local-'));
  mkdirSync(dataDir, { recursive: true });
  // listen from the start: a Ctrl-C while starting up shuts down cleanly too
  let stopped = false;
  const signals = options.stopSignal ? undefined : stopOnSignals();
  const stop = (options.stopSignal ?? signals!.promise).then(() => {
    stopped = true;
  });
  let emu: EmulatorHandle | undefined;
  let origin: SampleOrigin | undefined;
  let runner: Runner | undefined;
  try {
    emu = await startEmulator(options.dataDir ? { dataDir: join(dataDir, 'oss') } : {});
    origin = await startSampleOrigin();
    const configFile = await seed(emu, origin, dataDir);
    const keys = { accessKeyId: emu.accessKeyId, accessKeySecret: emu.accessKeySecret };
    const secretFile = join(dataDir, 'webhook-secret');
    const secret = randomBytes(24).toString('hex');
    writeFileSync(secretFile, `${secret}\n`, { mode: 0o600 });
    const env: Record<string, string> = {
      OSSEDGE_CONFIG: `oss://${CONFIG_BUCKET}/ossedge.yaml`,
      OSSEDGE_REPORTS: `oss://${REPORTS_BUCKET}/reports/`,
      OSSEDGE_WEBHOOK_SECRET: secret,
      OSSEDGE_ALLOW_PRIVATE_ORIGINS: '1',
      OSS_ENDPOINT: emu.endpoint,
      OSS_REGION: emu.region,
      OSS_ACCESS_KEY_ID: keys.accessKeyId,
      OSS_ACCESS_KEY_SECRET: keys.accessKeySecret,
      // the whole GitOps loop runs locally against a git host stand-in (or a real one)
      ...gitEnvFrom(process.env),
    };
    const functions = await loadRunnerFunctions(join(root, 's.yaml'), { root, from: options.from ?? 'source', env, lazy: true });
    runner = await startRunner({
      functions, fcKeys: keys, roleCredentials: keys, region: emu.region, timers: !options.once,
      log: (line) => err.write(`runner: ${line}\n`),
    });
    // functions read their environment once, at their first (lazy) import, so set it before invoking
    Object.assign(process.env, env, { OSSEDGE_FC_ENDPOINT: runner.url });
    const oss = createOssClient({ endpoint: emu.endpoint, region: emu.region, credentials: keys });
    const dashboard = async () => {
      await publishDashboard(oss, env.OSSEDGE_REPORTS!).catch((e: Error) => err.write(`ossedge local: dashboard not published: ${e.message}\n`));
    };
    await dashboard();
    out.write(`emulator=${emu.endpoint}\nrunner=${runner.url}\ndashboard=${emu.endpoint}/${REPORTS_BUCKET}/reports/dashboard/\n`);
    err.write(`ossedge local: origin ${origin.url}, config ${configFile}, webhook secret in ${secretFile}\n`);
    err.write(`ossedge local: functions ${functions.map((f) => f.name).join(', ') || '(none yet)'}\n`);
    for (const fn of functions) {
      const timer = fn.triggers?.find((t) => t.type === 'timer');
      if (timer) runner.fireTimer(fn.name, timer.name);
      else await runner.invoke(fn.name, {}).catch(() => undefined);
    }
    await Promise.race([runner.idle(60_000), stop]);
    if (stopped) return 0;
    await dashboard();
    const failed = runner.invocations().filter((r) => r.status !== 'succeeded');
    for (const r of runner.invocations()) err.write(`ossedge local: ${r.functionName} (${r.kind}) ${r.status}${r.error ? `: ${r.error}` : ''}\n`);
    if (options.once) return failed.length === 0 ? 0 : 1;
    err.write('ossedge local: running; Ctrl-C to stop\n');
    await stop;
    return 0;
  } finally {
    signals?.dispose();
    await runner?.close();
    await origin?.close();
    await emu?.close();
    // a throw-away run leaves nothing behind; a kept data dir (--data) or a live session stays for inspection
    if (options.once && !options.dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}
