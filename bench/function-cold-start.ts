// Cold import of each function bundle (dist/<function>/index.mjs as scripts/build.mjs builds it) vs
// `require('ali-oss')`, each in fresh `node` processes, interleaved, medians; then import + the first OSS
// requests of a bundle (ossedge-health's GET: one ListObjectsV2 and five GETs) vs ali-oss doing the same
// six requests, both answered by one loopback server. Run alone: `npx tsx bench/function-cold-start.ts [runs]`.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { timeOnce, type Sample } from './client-cold-start.ts';
import { median } from './stats.ts';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const DEFAULT_RUNS = 11;
/** The issue's goal: every bundle imports at least this many times faster than ali-oss. */
const TARGET_RATIO = 3;
/** The function whose first request is measured: its GET reads OSS and nothing else. */
const FIRST_REQUEST_FUNCTION = 'ossedge-health';

export interface FunctionColdStartResult {
  runs: number;
  aliOssMedianMs: number;
  aliOssCpuMedianMs: number;
  /** Per function: median import time and ali-oss / it; CPU (user + system) too, steadier on a busy machine. */
  imports: Record<string, { medianMs: number; ratio: number; cpuMedianMs: number; cpuRatio: number }>;
  firstRequests: { function: string; oursMedianMs: number; aliOssMedianMs: number; ratio: number };
}

function buildBundles(outdir: string): Promise<string[]> {
  return new Promise((resolvePromise, reject) => {
    execFile(process.execPath, ['scripts/build.mjs', '--outdir', outdir], { cwd: ROOT, encoding: 'utf8' }, (err) => {
      if (err) return reject(err);
      resolvePromise(readdirSync(outdir).filter((n) => existsSync(join(outdir, n, 'index.mjs'))).sort());
    });
  });
}

/** Answers like OSS for what the health check reads: an empty listing, then NoSuchKey for each latest report. */
async function startOss(): Promise<Server> {
  const server = createServer((req, res) => {
    req.resume();
    const headers = { 'content-type': 'application/xml', 'x-oss-request-id': 'bench' };
    if ((req.url ?? '').includes('list-type=2')) {
      res.writeHead(200, headers).end('<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>bench</Name><Prefix>reports/</Prefix>' +
        '<MaxKeys>1</MaxKeys><KeyCount>0</KeyCount><IsTruncated>false</IsTruncated></ListBucketResult>');
      return;
    }
    res.writeHead(404, headers).end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>' +
      '<RequestId>bench</RequestId><HostId>127.0.0.1</HostId></Error>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return server;
}

function firstRequestBodies(bundleUrl: string, endpoint: string): { ours: string; ali: string } {
  const env = `Object.assign(process.env,{OSSEDGE_REPORTS:'oss://bench/reports/',OSS_ENDPOINT:'${endpoint}',OSS_REGION:'cn-hangzhou',` +
    `OSS_ACCESS_KEY_ID:'ak',OSS_ACCESS_KEY_SECRET:'sk'});`;
  const event = JSON.stringify({ version: 'v1', rawPath: '/', headers: {}, queryParameters: {}, body: '', isBase64Encoded: false, requestContext: { requestId: 'bench', http: { method: 'GET', path: '/' } } });
  const context = JSON.stringify({ requestId: 'bench', region: 'cn-hangzhou', function: { name: FIRST_REQUEST_FUNCTION } });
  return {
    // the environment is set before the import: the bundle reads it once at module load, as on FC
    ours: `${env}const m=await import(${JSON.stringify(bundleUrl)});` +
      `const r=await m.handler(Buffer.from(${JSON.stringify(event)}),${context});if(r.statusCode!==200)throw new Error(JSON.stringify(r))`,
    ali: `const OSS=require('ali-oss');const c=new OSS({endpoint:'${endpoint}',bucket:'bench',region:'oss-cn-hangzhou',accessKeyId:'ak',accessKeySecret:'sk'});` +
      `await c.listV2({prefix:'reports/','max-keys':1});` +
      `await Promise.all([1,2,3,4,5].map((i)=>c.get('reports/f'+i+'/latest.json').then(()=>{throw new Error('found')},(e)=>{if(e.code!=='NoSuchKey')throw e})))`,
  };
}

export async function benchFunctionColdStart(options: { runs?: number; log?: (line: string) => void } = {}): Promise<FunctionColdStartResult> {
  const runs = options.runs ?? DEFAULT_RUNS;
  const log = options.log ?? console.log;
  const dir = mkdtempSync(join(tmpdir(), 'ossedge-fn-cold-'));
  const oss = await startOss();
  try {
    const functions = await buildBundles(dir);
    const urlOf = (fn: string) => pathToFileURL(join(dir, fn, 'index.mjs')).href;
    const endpoint = `http://127.0.0.1:${(oss.address() as AddressInfo).port}`;
    const first = firstRequestBodies(urlOf(FIRST_REQUEST_FUNCTION), endpoint);
    const modes: Record<string, string> = {
      'ali-oss': "require('ali-oss')",
      ...Object.fromEntries(functions.map((fn) => [fn, `await import(${JSON.stringify(urlOf(fn))})`])),
      'first:ours': first.ours,
      'first:ali-oss': first.ali,
    };
    const samples: Record<string, Sample[]> = {};
    for (const body of Object.values(modes)) await timeOnce(body); // warm the OS file cache, and fail early
    for (let i = 0; i < runs; i++) {
      for (const [name, body] of Object.entries(modes)) (samples[name] ??= []).push(await timeOnce(body));
    }
    const wall = (name: string) => median(samples[name]!.map((x) => x.wallMs));
    const cpu = (name: string) => median(samples[name]!.map((x) => x.cpuMs));
    const ali = wall('ali-oss');
    const aliCpu = cpu('ali-oss');
    const imports = Object.fromEntries(functions.map((fn) => [fn, { medianMs: wall(fn), ratio: ali / wall(fn), cpuMedianMs: cpu(fn), cpuRatio: aliCpu / cpu(fn) }]));
    const firstRequests = { function: FIRST_REQUEST_FUNCTION, oursMedianMs: wall('first:ours'), aliOssMedianMs: wall('first:ali-oss'), ratio: wall('first:ali-oss') / wall('first:ours') };
    const f = (x: number) => x.toFixed(1);
    log(`function bundles, cold import (${runs} fresh node processes each, interleaved, ${process.version}, medians)`);
    log(`  require('ali-oss') ${f(ali)} ms (cpu ${f(aliCpu)} ms)`);
    for (const [fn, r] of Object.entries(imports)) {
      log(`  ${fn.padEnd(24)} ${f(r.medianMs).padStart(6)} ms  ${r.ratio.toFixed(2)}x faster${r.ratio >= TARGET_RATIO ? '' : `  (below the ${TARGET_RATIO}x target)`}` +
        `  (cpu ${f(r.cpuMedianMs)} ms, ${r.cpuRatio.toFixed(2)}x)`);
    }
    log(`  import + first OSS requests (${FIRST_REQUEST_FUNCTION} GET: ListObjectsV2 + 5 GETs, loopback): ours ${f(firstRequests.oursMedianMs)} ms, ` +
      `ali-oss ${f(firstRequests.aliOssMedianMs)} ms: ${firstRequests.ratio.toFixed(2)}x`);
    return { runs, aliOssMedianMs: ali, aliOssCpuMedianMs: aliCpu, imports, firstRequests };
  } finally {
    oss.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const runs = process.argv[2] ? Number(process.argv[2]) : undefined;
  await benchFunctionColdStart(runs ? { runs } : {});
}
