// The `ossedge` command table (DESIGN.md CLI). A command backed by a function runs that function's
// handler in-process with a synthesized event and context; until the function exists it says so and exits 2.

import { EMULATOR_OPTIONS } from '../oss-emulator/options.ts';

export interface CommandIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env?: NodeJS.ProcessEnv;
}

/** A command that parses its own arguments (a function's module under local/commands/). */
export type CommandRunner = (name: string, argv: string[], io: CommandIo) => Promise<number>;

const applyConfigCommands = async (): Promise<CommandRunner> =>
  (await import('./apply-config.ts')).runApplyConfigCommand as CommandRunner;
const auditRefererCommand = async (): Promise<CommandRunner> =>
  (await import('./audit-referer.ts')).auditRefererRunner;
const refreshCommand = async (): Promise<CommandRunner> =>
  (await import('./refresh.ts')).refreshRunner;
const warmCommand = async (): Promise<CommandRunner> => (await import('./warm.ts')).warmRunner;
const leaseCommand = async (): Promise<CommandRunner> =>
  (await import('./lease.ts')).leaseRunner;
const doctorCommand = async (): Promise<CommandRunner> => (await import('./doctor.ts')).doctorRunner;
const holdCommand = async (): Promise<CommandRunner> => (await import('./hold.ts')).holdRunner;
const validateOriginsCommand = async (): Promise<CommandRunner> =>
  (await import('./validate-origins.ts')).validateOriginsRunner;

/** One flag: its parseArgs spec plus what `--help` prints. A flag without a description does not compile. */
export interface OptionDef {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** One line for `--help`. */
  description: string;
  /** The value's placeholder in `--help` (string flags), e.g. FILE. */
  arg?: string;
}

export type OptionDefs = Record<string, OptionDef>;

export interface CommandSpec {
  name: string;
  summary: string;
  usage: string;
  /** Command lines shown under `example:` in `--help`. */
  examples: string[];
  /** The function (functions/<name>/index.ts) whose handler the command runs. */
  fn?: string;
  /** Every flag beyond COMMON_OPTIONS that the command's parser accepts (the parser and --help both read it). */
  options?: OptionDefs;
  /** Loaded only when the command runs and its function exists. */
  run?: () => Promise<CommandRunner>;
  /** False for a command whose parser takes only its own flags and --help (no connection, --json, --verbose). */
  commonOptions?: false;
}

export const CONNECTION_USAGE = `connection: --endpoint URL (OSS_ENDPOINT), --region R (OSS_REGION); keys from OSS_ACCESS_KEY_ID,
            OSS_ACCESS_KEY_SECRET, OSS_SESSION_TOKEN. --json prints the report JSON alone on stdout.`;

const OPT = {
  config: { type: 'string', short: 'c', arg: 'FILE', description: 'the ossedge.yaml to read (default: OSSEDGE_CONFIG, an oss:// location)' },
  bucket: { type: 'string', multiple: true, arg: 'B', description: 'only this bucket (repeat for more)' },
  reports: { type: 'string', arg: 'oss://BUCKET/PREFIX/', description: 'where run reports are kept (default: OSSEDGE_REPORTS)' },
  'dry-run': { type: 'boolean', description: 'compute and print what would change; write nothing' },
  'allow-private-origins': { type: 'boolean', description: 'let origin checks reach loopback/private addresses (OSSEDGE_ALLOW_PRIVATE_ORIGINS=1)' },
} as const satisfies OptionDefs;

export const COMMANDS: CommandSpec[] = [
  {
    name: 'plan', fn: 'apply-config', run: applyConfigCommands, summary: 'show what apply would change',
    usage: 'ossedge plan -c FILE [--bucket B ...] [--reports oss://...] [--allow-private-origins] [--json | --format markdown]',
    examples: ['ossedge plan -c ossedge.yaml', 'ossedge plan -c ossedge.yaml --bucket www-example --json > plan.json', 'ossedge plan -c ossedge.yaml --format markdown >> "$GITHUB_STEP_SUMMARY"'],
    options: {
      config: OPT.config, bucket: OPT.bucket, reports: OPT.reports, 'allow-private-origins': OPT['allow-private-origins'],
      format: { type: 'string', arg: 'markdown', description: 'print the plan as the Markdown of the pull request comment (for CI summaries)' },
    },
  },
  {
    name: 'apply', fn: 'apply-config', run: applyConfigCommands, summary: 'make the buckets equal to the config file',
    usage: 'ossedge apply -c FILE [--dry-run] [--bucket B ...] [--reports oss://...] [--allow-private-origins] [--json]',
    examples: ['ossedge apply -c ossedge.yaml --reports oss://my-reports/ossedge/', 'ossedge apply -c ossedge.yaml --dry-run'],
    options: { config: OPT.config, 'dry-run': OPT['dry-run'], bucket: OPT.bucket, reports: OPT.reports, 'allow-private-origins': OPT['allow-private-origins'] },
  },
  {
    name: 'export', fn: 'apply-config', run: applyConfigCommands, summary: 'write an ossedge.yaml from live buckets',
    usage: 'ossedge export [--bucket B ...] [-o FILE] [--json]',
    examples: ['ossedge export --bucket www-example -o ossedge.yaml'],
    options: { bucket: OPT.bucket, output: { type: 'string', short: 'o', arg: 'FILE', description: 'write the YAML to FILE instead of stdout' } },
  },
  {
    name: 'rollback', fn: 'apply-config', run: applyConfigCommands, summary: 'restore what an apply run changed to its before-state',
    usage: 'ossedge rollback RUN_ID [--dry-run] [--force] [--reports oss://bucket/prefix/] [--allow-private-origins] [--json]',
    examples: ['ossedge rollback 20261206T162604Z-f735ae --dry-run --reports oss://my-reports/ossedge/', 'ossedge rollback 20261206T162604Z-f735ae'],
    options: {
      'dry-run': { ...OPT['dry-run'], description: 'print the plan of the rollback (what it would restore); write nothing' },
      force: { type: 'boolean', description: 'restore mirror rules even when their origin pre-flight fails (as force: true does for a rule)' },
      reports: OPT.reports, 'allow-private-origins': OPT['allow-private-origins'],
    },
  },
  {
    name: 'audit-referer', fn: 'audit-referer', run: auditRefererCommand, summary: 'find hotlink exposure in every visible bucket',
    usage: 'ossedge audit-referer [--bucket B ...] [--probe] [--probe-key KEY] [--fail-on info|low|medium|high|critical] [-c FILE] [--json]',
    examples: ['ossedge audit-referer --fail-on high', 'ossedge audit-referer --bucket www-example --probe --probe-key logo.svg'],
    options: {
      bucket: OPT.bucket,
      probe: { type: 'boolean', description: 'also send live requests with and without a Referer to confirm each finding' },
      'probe-key': { type: 'string', arg: 'KEY', description: 'the object the live probe requests (default: one listed in the bucket)' },
      'fail-on': { type: 'string', arg: 'SEVERITY', description: 'exit 1 when a finding is at or above info|low|medium|high|critical' },
      config: { ...OPT.config, description: 'compare with the Referer rules of this ossedge.yaml (default: OSSEDGE_CONFIG)' },
      reports: OPT.reports,
    },
  },
  {
    name: 'validate-origins', fn: 'validate-mirror-origin', run: validateOriginsCommand, summary: 'check every mirror rule\'s origin',
    usage: 'ossedge validate-origins [-c FILE] [--bucket B ...] [--allow-private-origins] [--budget-ms N] [--json]',
    examples: ['ossedge validate-origins -c ossedge.yaml', 'ossedge validate-origins --bucket assets-example --budget-ms 5000'],
    options: {
      config: { ...OPT.config, description: 'check the mirror rules of this ossedge.yaml (default: the live buckets\' rules)' },
      bucket: OPT.bucket, reports: OPT.reports, 'allow-private-origins': OPT['allow-private-origins'],
      'budget-ms': { type: 'string', arg: 'N', description: 'time budget of all checks together, in milliseconds' },
    },
  },
  {
    name: 'refresh', fn: 'refresh-stale-objects', run: refreshCommand, summary: 'refresh mirrored copies whose origin changed',
    usage: 'ossedge refresh --bucket B [--prefix P | --key K ... | --url U ...] [--dry-run] [--strategy refetch|delete] [--max-objects N] [--max-bytes N] [--origin-qps N] [--json]',
    examples: ['ossedge refresh --bucket assets-example --dry-run', 'ossedge refresh --bucket assets-example --prefix img/ --strategy delete'],
    options: {
      bucket: { ...OPT.bucket, description: 'the bucket to scan (required; repeat for more)' },
      prefix: { type: 'string', arg: 'P', description: 'only keys under this prefix' },
      key: { type: 'string', multiple: true, arg: 'K', description: 'refresh exactly this key now (repeat for more; one bucket)' },
      url: { type: 'string', multiple: true, arg: 'U', description: 'refresh the key a Mirror prefix rule fetches from this origin URL (repeat for more)' },
      'dry-run': { ...OPT['dry-run'], description: 'find stale copies and print them; change nothing' },
      strategy: { type: 'string', arg: 'refetch|delete', description: 'refetch the origin object (default) or delete the copy so the next GET mirrors it again' },
      'max-objects': { type: 'string', arg: 'N', description: 'stop after scanning N objects' },
      'max-bytes': { type: 'string', arg: 'N', description: 'stop after moving N bytes from origins' },
      'origin-qps': { type: 'string', arg: 'N', description: 'at most N origin requests per second' },
      reports: OPT.reports, 'allow-private-origins': OPT['allow-private-origins'],
    },
  },
  {
    name: 'warm', fn: 'refresh-stale-objects', run: warmCommand, summary: 'pre-load a key list by OSS mirroring at a safe rate',
    usage: 'ossedge warm --bucket B (--keys FILE|oss://bucket/key | --sitemap URL) [--qps N] [--bandwidth-mbps N] [--window HH:MM-HH:MM [--tz ZONE]] [--dry-run] [--json]',
    examples: ['ossedge warm --bucket assets-example --keys keys.txt --qps 50', 'ossedge warm --bucket assets-example --sitemap https://old.example.com/sitemap.xml --window 01:00-06:00 --tz Asia/Shanghai'],
    options: {
      bucket: { type: 'string', arg: 'B', description: 'the bucket to warm (required)' },
      keys: { type: 'string', arg: 'FILE|oss://BUCKET/KEY', description: 'the key list, one key per line' },
      sitemap: { type: 'string', arg: 'URL', description: 'a sitemap.xml on the origin; its URLs map back to keys through prefix rules' },
      qps: { type: 'string', arg: 'N', description: 'warm requests per second (default 100)' },
      'bandwidth-mbps': { type: 'string', arg: 'N', description: 'origin bytes per second through mirroring, in Mbit/s (default 100)' },
      window: { type: 'string', arg: 'HH:MM-HH:MM', description: 'work only inside this window; outside it the run is parked and resumed later' },
      tz: { type: 'string', arg: 'ZONE', description: 'time zone of --window (default UTC), e.g. Asia/Shanghai' },
      'dry-run': { ...OPT['dry-run'], description: 'count what would be warmed; request nothing from the origin' },
      reports: OPT.reports, 'allow-private-origins': OPT['allow-private-origins'],
    },
  },
  {
    name: 'lease', run: leaseCommand, summary: 'show, list or break the per-bucket leases of apply-config and refresh',
    usage: 'ossedge lease show|list|break --job apply-config|refresh-stale-objects [--bucket B] [--generation N] [--reports oss://bucket/prefix/] [--json]',
    examples: ['ossedge lease list --job apply-config', 'ossedge lease break --job apply-config --bucket www-example --generation 3'],
    options: {
      reports: OPT.reports,
      job: { type: 'string', arg: 'J', description: 'whose leases: apply-config or refresh-stale-objects' },
      bucket: { type: 'string', arg: 'B', description: 'the bucket whose lease to show or break' },
      generation: { type: 'string', arg: 'N', description: 'break only if the lease is still at this generation (from lease show)' },
    },
  },
  {
    name: 'hold', run: holdCommand, summary: 'list or release the drift holds a rollback puts on its buckets',
    usage: 'ossedge hold list | release BUCKET [--reports oss://bucket/prefix/] [--json]',
    examples: ['ossedge hold list --reports oss://my-reports/ossedge/', 'ossedge hold release www-example'],
    options: { reports: { ...OPT.reports, description: 'where the holds are kept, under _state/holds/ (default: OSSEDGE_REPORTS)' } },
  },
  {
    name: 'health', fn: 'ossedge-health', summary: 'OSS reachability and the latest report of each function',
    usage: 'ossedge health [--reports oss://bucket/prefix/] [--json]',
    examples: ['ossedge health --reports oss://my-reports/ossedge/'],
    options: { reports: OPT.reports },
  },
  {
    name: 'doctor', run: doctorCommand, summary: 'check a deployment end to end and say what to fix',
    usage: 'ossedge doctor [--config oss://BUCKET/KEY] [--reports oss://BUCKET/PREFIX/] [--account-id ID] [--fc-endpoint URL] [--webhook-url URL] [--json]',
    examples: [
      'ossedge doctor --account-id 1234567890123456 --region cn-hangzhou --webhook-url https://apply-config-xxxx.cn-hangzhou.fcapp.run',
      'OSSEDGE_CONFIG=oss://my-config/ossedge.yaml OSSEDGE_REPORTS=oss://my-reports/ossedge/ ossedge doctor --json',
    ],
    options: {
      config: { type: 'string', short: 'c', arg: 'oss://BUCKET/KEY', description: 'the deployed config to check (default: OSSEDGE_CONFIG)' },
      reports: { ...OPT.reports, description: 'the reports location to check, probed with a write under its _state/ (default: OSSEDGE_REPORTS)' },
      'account-id': { type: 'string', arg: 'ID', description: 'the account the functions are deployed in, as given to s config add (default: ALIBABA_CLOUD_ACCOUNT_ID)' },
      'fc-endpoint': { type: 'string', arg: 'URL', description: 'the FC API endpoint (default: OSSEDGE_FC_ENDPOINT, else https://ID.REGION.fc.aliyuncs.com); locally the runner= URL' },
      'webhook-url': { type: 'string', arg: 'URL', description: 'apply-config\'s HTTP trigger URL from s info (default: OSSEDGE_WEBHOOK_URL), signed with OSSEDGE_WEBHOOK_SECRET' },
    },
  },
  {
    name: 'emulator', summary: 'run the OSS emulator on loopback',
    usage: 'ossedge emulator [--port N] [--data DIR] [--region R] [--access-key-id ID --access-key-secret SECRET [--security-token T]] [--service-host H ...] [--admin] [--fault SPEC ...] [--fault-seed N]',
    examples: ['ossedge emulator --port 9000 --data ./.ossedge/oss', 'ossedge emulator --admin --fault op=GetObject,errorRate=0.1,error=SlowDown --fault-seed 7'],
    options: EMULATOR_OPTIONS, commonOptions: false,
  },
  {
    name: 'local', summary: 'emulator + sample origin + FC runner with every function (npm start)', usage: 'ossedge local [--once] [--data DIR] [--dist]',
    examples: ['ossedge local --once', 'ossedge local --data ./.ossedge'],
    options: {
      once: { type: 'boolean', description: 'invoke each function once, print what ran and exit (0 when all succeeded)' },
      data: { type: 'string', arg: 'DIR', description: 'keep the emulator\'s data and the example files in DIR (default: a temp dir)' },
      dist: { type: 'boolean', description: 'run the built bundles of npm run build instead of the sources (always so in the package)' },
    },
    // its own emulator, keys and logs (always on stderr): the connection flags, --json and --verbose mean nothing here
    commonOptions: false,
  },
];

export const COMMON_OPTIONS = {
  help: { type: 'boolean', short: 'h', description: 'print this help' },
  json: { type: 'boolean', description: 'print the report (or result) JSON alone on stdout' },
  verbose: { type: 'boolean', description: 'structured JSON logs on stderr (also OSSEDGE_LOG=debug)' },
  endpoint: { type: 'string', arg: 'URL', description: 'the OSS endpoint for every bucket (default: OSS_ENDPOINT, else each bucket\'s region)' },
  region: { type: 'string', arg: 'R', description: 'the OSS region (default: OSS_REGION)' },
  profile: { type: 'string', arg: 'NAME', description: 'credentials profile of ~/.aliyun/config.json or ~/.alibabacloud/credentials.ini (ALIBABA_CLOUD_PROFILE)' },
} as const satisfies OptionDefs;

/** The command's spec by name (throws for a name not in the table: a programming error). */
export function commandSpec(name: string): CommandSpec {
  const spec = COMMANDS.find((c) => c.name === name);
  if (!spec) throw new Error(`no command ${name} in COMMANDS`);
  return spec;
}

/** Every flag the command's parser accepts: the common ones and its own. */
export function commandOptions(name: string): OptionDefs {
  const spec = commandSpec(name);
  return spec.commonOptions === false ? { help: COMMON_OPTIONS.help, ...spec.options } : { ...COMMON_OPTIONS, ...spec.options };
}

/** `--help` of a command, rendered from its spec: summary, usage, every flag with its line, examples. */
export function commandHelp(name: string): string {
  const spec = commandSpec(name);
  const flags = Object.entries(commandOptions(name)).map(([flag, o]) => {
    const left = `${o.short ? `-${o.short}, ` : '    '}--${flag}${o.type === 'string' ? ` ${o.arg ?? 'VALUE'}` : ''}`;
    return [left, o.description] as const;
  });
  const width = Math.max(...flags.map(([l]) => l.length));
  return [
    `${spec.summary}`,
    `usage: ${spec.usage}`,
    '',
    'options:',
    ...flags.map(([l, d]) => `  ${l.padEnd(width)}  ${d}`),
    '',
    ...spec.examples.map((e, i) => `${i === 0 ? 'example:' : '        '} ${e}`),
    ...(spec.fn ? ['', `runs the ${spec.fn} function in-process; keys from OSS_ACCESS_KEY_ID, OSS_ACCESS_KEY_SECRET, OSS_SESSION_TOKEN`] : []),
  ].join('\n');
}

export function topUsage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'usage: ossedge <command> [options]   (ossedge <command> --help for details)',
    '',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    '  --version         print the version',
    '',
    'results go to stdout, diagnostics to stderr; --verbose (or OSSEDGE_LOG=debug) adds JSON logs on stderr',
    'exit codes: 0 success, 3 changes pending (plan, apply --dry-run), 1 failure, 2 bad input or not available yet',
  ].join('\n');
}
