// The `ossedge` command table (DESIGN.md CLI). A command backed by a function runs that function's
// handler in-process with a synthesized event and context; until the function exists it says so and exits 2.

export interface CommandIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env?: NodeJS.ProcessEnv;
}

/** A command that parses its own arguments (a function's module under local/commands/). */
export type CommandRunner = (name: string, argv: string[], io: CommandIo) => Promise<number>;

const applyConfigCommands = async (): Promise<CommandRunner> =>
  (await import('./commands/apply-config.ts')).runApplyConfigCommand as CommandRunner;
const auditRefererCommand = async (): Promise<CommandRunner> =>
  (await import('./commands/audit-referer.ts')).auditRefererRunner;
const refreshCommand = async (): Promise<CommandRunner> =>
  (await import('./commands/refresh.ts')).refreshRunner;
const warmCommand = async (): Promise<CommandRunner> => (await import('./commands/warm.ts')).warmRunner;
const leaseCommand = async (): Promise<CommandRunner> =>
  (await import('./commands/lease.ts')).leaseRunner;
const validateOriginsCommand = async (): Promise<CommandRunner> =>
  (await import('./commands/validate-origins.ts')).validateOriginsRunner;

export interface CommandSpec {
  name: string;
  summary: string;
  usage: string;
  /** The function (functions/<name>/index.ts) whose handler the command runs. */
  fn?: string;
  /** parseArgs option spec beyond the common ones. */
  options?: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;
  /** Loaded only when the command runs and its function exists. */
  run?: () => Promise<CommandRunner>;
}

export const CONNECTION_USAGE = `connection: --endpoint URL (OSS_ENDPOINT), --region R (OSS_REGION); keys from OSS_ACCESS_KEY_ID,
            OSS_ACCESS_KEY_SECRET, OSS_SESSION_TOKEN. --json prints the report JSON alone on stdout.`;

export const COMMANDS: CommandSpec[] = [
  {
    name: 'plan', fn: 'apply-config', run: applyConfigCommands, summary: 'show what apply would change',
    usage: 'ossedge plan -c FILE [--bucket B ...] [--allow-private-origins] [--json]',
    options: { config: { type: 'string', short: 'c' }, bucket: { type: 'string', multiple: true }, 'allow-private-origins': { type: 'boolean' } },
  },
  {
    name: 'apply', fn: 'apply-config', run: applyConfigCommands, summary: 'make the buckets equal to the config file',
    usage: 'ossedge apply -c FILE [--dry-run] [--bucket B ...] [--allow-private-origins] [--json]',
    options: { config: { type: 'string', short: 'c' }, 'dry-run': { type: 'boolean' }, bucket: { type: 'string', multiple: true }, 'allow-private-origins': { type: 'boolean' } },
  },
  {
    name: 'export', fn: 'apply-config', run: applyConfigCommands, summary: 'write an ossedge.yaml from live buckets',
    usage: 'ossedge export [--bucket B ...] [-o FILE]',
    options: { bucket: { type: 'string', multiple: true }, output: { type: 'string', short: 'o' } },
  },
  {
    name: 'rollback', fn: 'apply-config', run: applyConfigCommands, summary: 'restore what an apply run changed to its before-state',
    usage: 'ossedge rollback RUN_ID [--reports oss://bucket/prefix/] [--allow-private-origins] [--json]',
    options: { reports: { type: 'string' }, 'allow-private-origins': { type: 'boolean' } },
  },
  {
    name: 'audit-referer', fn: 'audit-referer', run: auditRefererCommand, summary: 'find hotlink exposure in every visible bucket',
    usage: 'ossedge audit-referer [--bucket B ...] [--probe] [--probe-key KEY] [--fail-on info|low|medium|high|critical] [-c FILE] [--json]',
    options: { bucket: { type: 'string', multiple: true }, probe: { type: 'boolean' }, 'probe-key': { type: 'string' }, 'fail-on': { type: 'string' }, config: { type: 'string', short: 'c' }, reports: { type: 'string' } },
  },
  {
    name: 'validate-origins', fn: 'validate-mirror-origin', run: validateOriginsCommand, summary: 'check every mirror rule\'s origin',
    usage: 'ossedge validate-origins [-c FILE] [--bucket B ...] [--allow-private-origins] [--budget-ms N] [--json]',
    options: { config: { type: 'string', short: 'c' }, bucket: { type: 'string', multiple: true }, 'allow-private-origins': { type: 'boolean' } },
  },
  {
    name: 'refresh', fn: 'refresh-stale-objects', run: refreshCommand, summary: 'refresh mirrored copies whose origin changed',
    usage: 'ossedge refresh --bucket B [--prefix P] [--dry-run] [--strategy refetch|delete] [--json]',
    options: { bucket: { type: 'string', multiple: true }, prefix: { type: 'string' }, 'dry-run': { type: 'boolean' }, strategy: { type: 'string' }, 'allow-private-origins': { type: 'boolean' } },
  },
  { name: 'warm', fn: 'refresh-stale-objects', run: warmCommand, summary: 'pre-load a key list by OSS mirroring at a safe rate', usage: 'ossedge warm --bucket B (--keys FILE|oss://bucket/key) [--qps N] [--dry-run] [--json]' },
  {
    name: 'lease', run: leaseCommand, summary: 'show, list or break the per-bucket leases of apply-config and refresh',
    usage: 'ossedge lease show|list|break --job apply-config|refresh-stale-objects [--bucket B] [--generation N] [--reports oss://bucket/prefix/] [--json]',
  },
  {
    name: 'health', fn: 'ossedge-health', summary: 'OSS reachability and the latest report of each function',
    usage: 'ossedge health [--reports oss://bucket/prefix/] [--json]',
    options: { reports: { type: 'string' } },
  },
  { name: 'emulator', summary: 'run the OSS emulator on loopback', usage: 'ossedge emulator [--port N] [--data DIR] [--region R] ... (see ossedge emulator --help)' },
  { name: 'local', summary: 'emulator + sample origin + FC runner with every function (npm start)', usage: 'ossedge local [--once] [--data DIR] [--dist]   (--dist: run the built bundles of npm run build)', options: { once: { type: 'boolean' }, data: { type: 'string' }, dist: { type: 'boolean' } } },
];

export const COMMON_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
  endpoint: { type: 'string' },
  region: { type: 'string' },
} as const;

export function topUsage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'usage: ossedge <command> [options]   (ossedge <command> --help for details)',
    '',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'exit codes: 0 success, 3 changes pending (plan, apply --dry-run), 1 failure, 2 bad input or not available yet',
  ].join('\n');
}
