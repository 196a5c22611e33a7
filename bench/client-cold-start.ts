// Cold import of a bundle holding only our OSS client vs `require('ali-oss')`, each in fresh `node`
// processes (median). Run alone: `npx tsx bench/client-cold-start.ts [runs]`.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { median } from './stats.ts';

export interface ColdStartResult {
  runs: number;
  /** The module a cold start imports. */
  bundleBytes: number;
  /** With the lazily loaded chunks. */
  totalBytes: number;
  oursMedianMs: number;
  aliOssMedianMs: number;
  /** aliOss / ours: how many times faster our client imports. */
  ratio: number;
  oursCpuMedianMs: number;
  aliOssCpuMedianMs: number;
  cpuRatio: number;
  /** Import + create a client + one GET answered by a loopback server (undici is loaded lazily). */
  oursFirstRequestMedianMs: number;
  aliOssFirstRequestMedianMs: number;
  firstRequestRatio: number;
}

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const DEFAULT_RUNS = 15;
/** CommonJS files inside an ESM bundle (undici) need a real `require` for node builtins. */
export const ESM_REQUIRE_BANNER = "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);";

export interface ClientBundle {
  entry: string;
  entryBytes: number;
  /** Entry plus the chunks loaded later (undici on the first request, the proxy agent). */
  totalBytes: number;
}

/**
 * Bundles "only the client" with the settings of scripts/build.mjs (ESM, node20, minified, code
 * splitting): import it and create one client, nothing signed or sent.
 */
export async function buildClientBundle(outDir: string): Promise<ClientBundle> {
  const entry = join(outDir, 'entry.ts');
  const client = join(ROOT, 'shared/oss/client.ts').replaceAll('\\', '/');
  writeFileSync(
    entry,
    `import { createOssClient } from '${client}';\n` +
      `export { createOssClient };\n` +
      `export const client = createOssClient({ region: 'cn-hangzhou', credentials: { accessKeyId: 'ak', accessKeySecret: 'sk' } });\n`,
  );
  const outdir = join(outDir, 'out');
  await build({
    entryPoints: { 'oss-client': entry },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    splitting: true,
    minify: true,
    banner: { js: ESM_REQUIRE_BANNER },
    logLevel: 'error',
    absWorkingDir: ROOT,
  });
  const files = readdirSync(outdir).filter((f) => f.endsWith('.mjs'));
  const out = join(outdir, 'oss-client.mjs');
  return {
    entry: out,
    entryBytes: statSync(out).size,
    totalBytes: files.reduce((n, f) => n + statSync(join(outdir, f)).size, 0),
  };
}

export interface Sample {
  wallMs: number;
  /** CPU (user + system) of the child during the measured span: steadier than wall time on a busy machine. */
  cpuMs: number;
}

/** Runs `body` (ESM, top-level await allowed) in a fresh node and returns its wall and CPU time. */
export function timeOnce(body: string): Promise<Sample> {
  const script =
    `import{createRequire}from'node:module';const require=createRequire(process.cwd()+'/');` +
    `const c0=process.cpuUsage(),t0=performance.now();{${body}}` +
    `const c1=process.cpuUsage(c0);console.log(performance.now()-t0,(c1.user+c1.system)/1e3)`;
  return new Promise((resolvePromise, reject) => {
    execFile(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' }, (err, out) => {
      if (err) return reject(err);
      const [wallMs, cpuMs] = out.trim().split('\n').pop()!.split(' ').map(Number);
      if (!Number.isFinite(wallMs) || !Number.isFinite(cpuMs)) return reject(new Error(`unexpected benchmark output: ${out.slice(0, 200)}`));
      resolvePromise({ wallMs: wallMs!, cpuMs: cpuMs! });
    });
  });
}

async function startOrigin(): Promise<Server> {
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '5', 'x-oss-request-id': 'bench' }).end('hello');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return server;
}


export async function benchColdStart(options: { runs?: number; log?: (line: string) => void } = {}): Promise<ColdStartResult> {
  const runs = options.runs ?? DEFAULT_RUNS;
  const log = options.log ?? console.log;
  const dir = mkdtempSync(join(tmpdir(), 'ossedge-cold-'));
  try {
    const bundle = await buildClientBundle(dir);
    const url = pathToFileURL(bundle.entry).href;
    const origin = await startOrigin();
    const endpoint = `http://127.0.0.1:${(origin.address() as AddressInfo).port}`;
    const keys = "accessKeyId:'ak',accessKeySecret:'sk'";
    const modes: Record<string, string> = {
      ours: `await import(${JSON.stringify(url)})`,
      ali: "require('ali-oss')",
      oursFirst: `const m=await import(${JSON.stringify(url)});` +
        `const c=m.createOssClient({endpoint:'${endpoint}',region:'cn-hangzhou',credentials:{${keys}}});` +
        `const r=await c.invokeText({op:'GetObject',method:'GET',bucket:'bench',key:'k'});if(r.text!=='hello')throw 1`,
      aliFirst: `const OSS=require('ali-oss');const c=new OSS({endpoint:'${endpoint}',bucket:'bench',region:'oss-cn-hangzhou',${keys}});` +
        `const r=await c.get('k');if(String(r.content)!=='hello')throw 1`,
    };
    const samples: Record<string, Sample[]> = {};
    try {
      for (const body of Object.values(modes)) await timeOnce(body); // warm the OS file cache
      for (let i = 0; i < runs; i++) {
        for (const [name, body] of Object.entries(modes)) (samples[name] ??= []).push(await timeOnce(body));
      }
    } finally {
      origin.close();
    }
    const wall = (name: string) => median(samples[name]!.map((x) => x.wallMs));
    const cpu = (name: string) => median(samples[name]!.map((x) => x.cpuMs));
    const result: ColdStartResult = {
      runs,
      bundleBytes: bundle.entryBytes,
      totalBytes: bundle.totalBytes,
      oursMedianMs: wall('ours'),
      aliOssMedianMs: wall('ali'),
      ratio: wall('ali') / wall('ours'),
      oursCpuMedianMs: cpu('ours'),
      aliOssCpuMedianMs: cpu('ali'),
      cpuRatio: cpu('ali') / cpu('ours'),
      oursFirstRequestMedianMs: wall('oursFirst'),
      aliOssFirstRequestMedianMs: wall('aliFirst'),
      firstRequestRatio: wall('aliFirst') / wall('oursFirst'),
    };
    const f = (x: number) => x.toFixed(1);
    log(`client cold start (${runs} fresh node processes each, ${process.version}, medians)`);
    log(`  bundle:  entry ${f(result.bundleBytes / 1024)} KB, ${f(result.totalBytes / 1024)} KB with the chunks loaded on first use (esbuild, minified, ESM, node20, splitting)`);
    log(`  import:  ours ${f(result.oursMedianMs)} ms, require('ali-oss') ${f(result.aliOssMedianMs)} ms: ${result.ratio.toFixed(2)}x faster (target >= 3x, stretch 5x)`);
    log(`  cpu:     ours ${f(result.oursCpuMedianMs)} ms, ali-oss ${f(result.aliOssCpuMedianMs)} ms: ${result.cpuRatio.toFixed(2)}x`);
    log(`  import + first GET to loopback: ours ${f(result.oursFirstRequestMedianMs)} ms, ali-oss ${f(result.aliOssFirstRequestMedianMs)} ms: ${result.firstRequestRatio.toFixed(2)}x`);
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const runs = process.argv[2] ? Number(process.argv[2]) : undefined;
  await benchColdStart(runs ? { runs } : {});
}
