// `ossedge` command line. Results (the readable report, or with --json the report JSON alone) go to stdout,
// diagnostics to stderr; JSON logs only with --verbose or OSSEDGE_LOG=debug.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { setDefaultLogWrite } from '../shared/fc/logger.ts';
import { didYouMean } from '../shared/config/did-you-mean.ts';
import { COMMANDS, COMMON_OPTIONS, commandHelp, commandOptions, topUsage, type CommandSpec } from './commands/table.ts';
import { cliCredentials, requireCredentials } from './commands/credentials.ts';
import { flagErrorMessage } from './commands/flags.ts';
import { wantsLogs } from './commands/output.ts';

import { EXIT } from './commands/exit.ts';

export { EXIT };

/** `--name V` or `--name=V` in argv, before the command's own parser runs. */
function flagValue(argv: string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === `--${name}`) return argv[i + 1];
    if (argv[i]!.startsWith(`--${name}=`)) return argv[i]!.slice(name.length + 3);
  }
  return undefined;
}

function flagsParse(argv: string[], name: string): boolean {
  try {
    parseArgs({ args: argv, options: commandOptions(name) as NonNullable<Parameters<typeof parseArgs>[0]>['options'], strict: true, allowPositionals: true });
    return true;
  } catch {
    return false;
  }
}

/** Commands that can do their work without OSS keys (validate-origins checks a file's origins). */
const NO_OSS_NEEDED = new Set(['validate-origins', 'emulator', 'local']);

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env?: NodeJS.ProcessEnv;
  root?: string;
}

/** Compiled in by scripts/build.mjs (esbuild `define`): set only in the built CLI, dist/cli/ossedge.mjs. */
declare const __OSSEDGE_BUILD__: { version: string } | undefined;
export const BUILD: { version: string } | undefined = typeof __OSSEDGE_BUILD__ === 'undefined' ? undefined : __OSSEDGE_BUILD__;

const ROOT = resolve(import.meta.dirname, '..');

/** The package version: compiled into the built CLI; from package.json when running from source. */
export function cliVersion(root: string): string {
  if (BUILD) return BUILD.version;
  return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Functions the generic runner calls: literal imports, so the built CLI carries them (no files at run time). */
const FUNCTION_MODULES: Record<string, () => Promise<{ handler: Handler }>> = {
  'ossedge-health': async () => (await import('../functions/ossedge-health/index.ts')) as unknown as { handler: Handler },
};

/** From source a command is there when its function's file is; the built CLI carries every function it has. */
function functionAvailable(root: string, fn: string | undefined): boolean {
  if (!fn) return true;
  if (BUILD) return true;
  return existsSync(join(root, 'functions', fn, 'index.ts'));
}

type Handler = (event: Buffer, context: Record<string, unknown>) => Promise<unknown>;

/** Exit code for what a function returned (DESIGN.md CLI exit codes). */
export function exitCodeOf(result: unknown): number {
  const r = result as { ok?: unknown; error?: { code?: string }; statusCode?: number; changesPending?: unknown } | null;
  if (r && typeof r === 'object') {
    if (typeof r.statusCode === 'number') return r.statusCode < 400 ? EXIT.OK : r.statusCode < 500 ? EXIT.USAGE : EXIT.FAILURE;
    if (r.error) return r.error.code === 'INTERNAL' ? EXIT.FAILURE : EXIT.USAGE;
    if (r.ok === false) return EXIT.FAILURE;
    if (r.changesPending === true) return EXIT.PENDING;
  }
  return EXIT.OK;
}

/** The payload a function command sends: the command name and its flags (camelCased). */
export function payloadOf(spec: CommandSpec, values: Record<string, unknown>): Record<string, unknown> {
  const payload: Record<string, unknown> = { command: spec.name, source: 'cli' };
  for (const [k, v] of Object.entries(values)) {
    if (k in COMMON_OPTIONS || v === undefined) continue;
    payload[k.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())] = v;
  }
  return payload;
}

function applyConnection(values: Record<string, unknown>, env: NodeJS.ProcessEnv): void {
  if (typeof values.endpoint === 'string') env.OSS_ENDPOINT = values.endpoint;
  if (typeof values.region === 'string') env.OSS_REGION = values.region;
  if (values['allow-private-origins'] === true) env.OSSEDGE_ALLOW_PRIVATE_ORIGINS = '1';
  if (typeof values.reports === 'string') env.OSSEDGE_REPORTS = values.reports;
  // an explicit endpoint is the whole truth: do not rewrite it to the FC-internal one
  if (!env.OSS_ENDPOINT) env.OSSEDGE_OSS_INTERNAL = '0';
}

function notAvailable(spec: CommandSpec, io: CliIo): number {
  io.stderr.write(`ossedge ${spec.name}: not available yet (its function ${spec.fn} is not written yet)\n`);
  return EXIT.USAGE;
}

async function runFunction(spec: CommandSpec, values: Record<string, unknown>, io: CliIo, root: string): Promise<number> {
  const load = FUNCTION_MODULES[spec.fn!];
  if (!load || !functionAvailable(root, spec.fn)) return notAvailable(spec, io);
  const env = io.env ?? process.env;
  applyConnection(values, env);
  // the function reads its keys from the environment: hand it what the CLI's chain (profiles) found
  if (!env.OSS_ACCESS_KEY_ID && !env.ALIBABA_CLOUD_ACCESS_KEY_ID) {
    const keys = await cliCredentials(env, values.profile as string | undefined).getCredentials();
    if (keys) Object.assign(env, { OSS_ACCESS_KEY_ID: keys.accessKeyId, OSS_ACCESS_KEY_SECRET: keys.accessKeySecret, ...(keys.securityToken ? { OSS_SESSION_TOKEN: keys.securityToken } : {}) });
  }
  const { handler } = await load();
  // health answers its HTTP status page; the other functions take a direct invocation
  const event = spec.name === 'health'
    ? { version: 'v1', rawPath: '/', body: '', isBase64Encoded: false, headers: { 'User-Agent': 'ossedge-cli' }, queryParameters: {}, requestContext: { http: { method: 'GET', path: '/' } } }
    : payloadOf(spec, values);
  const context = {
    requestId: `cli-${randomBytes(8).toString('hex')}`,
    function: { name: spec.fn, handler: 'index.handler', memory: 0, timeout: 3600 },
    region: env.OSS_REGION ?? 'cn-hangzhou',
    accountId: 'local',
  };
  let result: unknown;
  try {
    result = await handler(Buffer.from(JSON.stringify(event)), context);
  } catch (e) {
    io.stderr.write(`ossedge ${spec.name}: ${(e as Error).message}\n`);
    return EXIT.FAILURE;
  }
  const r = result as { statusCode?: number; body?: string } | null;
  const report = r && typeof r.statusCode === 'number' && typeof r.body === 'string' ? JSON.parse(r.body || 'null') : result;
  io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  return exitCodeOf(r && typeof r.statusCode === 'number' ? { ...report, statusCode: r.statusCode } : result);
}

/** Runs one command line; resolves with the exit code. */
export async function runCli(argv: string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const root = io.root ?? ROOT;
  const [name, ...rest] = argv;
  // stdout carries only results; logs are off unless asked for, except under `local`, a long-running
  // server whose function logs are what its operator watches
  const logs = name === 'local' || wantsLogs(rest.includes('--verbose'), io.env ?? process.env);
  setDefaultLogWrite(logs ? (line) => io.stderr.write(`${line}\n`) : () => {});
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout).write(`${topUsage()}\n`);
    return name === undefined ? EXIT.USAGE : EXIT.OK;
  }
  if (name === '--version' || name === '-v' || name === 'version') {
    io.stdout.write(`${cliVersion(root)}\n`);
    return EXIT.OK;
  }
  const spec = COMMANDS.find((c) => c.name === name);
  if (!spec) {
    const near = name.length <= 64 ? didYouMean(name, COMMANDS.map((c) => c.name)) : undefined;
    io.stderr.write(`ossedge: unknown command "${name}"${near ? ` (did you mean ${near}?)` : ''}\n${topUsage()}\n`);
    return EXIT.USAGE;
  }
  if (spec.name === 'emulator') {
    // the flags are checked here too, for the did-you-mean and the help rendered from the option table
    let help: unknown;
    try {
      help = (parseArgs({ args: rest, options: commandOptions(spec.name) as NonNullable<Parameters<typeof parseArgs>[0]>['options'], strict: true, allowPositionals: false }).values as Record<string, unknown>).help;
    } catch (e) {
      io.stderr.write(`ossedge ${spec.name}: ${flagErrorMessage(e, rest, commandOptions(spec.name))}\nusage: ${spec.usage}\n`);
      return EXIT.USAGE;
    }
    if (help) {
      io.stdout.write(`${commandHelp(spec.name)}\n`);
      return EXIT.OK;
    }
    const { runEmulatorCli } = await import('./oss-emulator/cli.ts');
    return runEmulatorCli(rest, { stdout: io.stdout, stderr: io.stderr });
  }
  const env = io.env ?? process.env;
  const available = functionAvailable(root, spec.fn);
  const wantsHelp = rest.includes('--help') || rest.includes('-h');
  if (!available && !wantsHelp) return notAvailable(spec, io);
  // bad flags are said first; apply-config's commands read -c FILE first and look for keys themselves
  if (available && spec.fn && !NO_OSS_NEEDED.has(spec.name) && !wantsHelp && flagsParse(rest, spec.name) && spec.fn !== 'apply-config') {
    const missing = await requireCredentials(io, spec.name, env, flagValue(rest, 'profile'));
    if (missing !== undefined) return missing;
  }
  // a function's own command module (local/commands/<function>.ts) parses its arguments itself
  if (spec.run && available) return (await spec.run())(spec.name, rest, io);
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({ args: rest, options: commandOptions(spec.name) as NonNullable<Parameters<typeof parseArgs>[0]>['options'], strict: true, allowPositionals: false }));
  } catch (e) {
    io.stderr.write(`ossedge ${spec.name}: ${flagErrorMessage(e, rest, commandOptions(spec.name))}\nusage: ${spec.usage}\n`);
    return EXIT.USAGE;
  }
  if (values.help) {
    io.stdout.write(`${commandHelp(spec.name)}${available ? '' : '\n(not available yet: its function is not written yet)'}\n`);
    return EXIT.OK;
  }
  if (spec.name === 'local') {
    const { runLocal } = await import('./local.ts');
    return runLocal({ once: values.once === true, from: BUILD || values.dist === true ? 'dist' : 'source', ...(typeof values.data === 'string' ? { dataDir: values.data } : {}), root, stdout: io.stdout, stderr: io.stderr });
  }
  return runFunction(spec, values, io, root);
}

const invokedDirectly = (() => {
  try {
    return process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
  } catch {
    return false;
  }
})();

// in the built CLI this module may share the entry file with cli-main.ts, which is what runs the command line
if (invokedDirectly && !BUILD) {
  runCli(process.argv.slice(2)).then((code) => process.exit(code), (e: unknown) => {
    process.stderr.write(`ossedge: ${(e as Error)?.message ?? String(e)}\n`);
    process.exit(1);
  });
}
