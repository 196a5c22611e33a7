import { parseArgs } from 'node:util';
import { DECISION_ROWS } from '../dataplane/decisions/index.ts';
import { runRows, type RowResult } from './drive.ts';
import type { ConformanceTarget } from './oss-session.ts';

const USAGE = `usage: npm run conformance -- --endpoint https://oss-<region>.aliyuncs.com --bucket-prefix P --origin URL
  [--region R] [--only ID,ID] [--path-style]
credentials from OSS_ACCESS_KEY_ID, OSS_ACCESS_KEY_SECRET (and OSS_SESSION_TOKEN); --origin is where
\`npm run conformance-origin\` serves, reachable by OSS. Creates one temporary bucket per row and removes it.`;

/** Bucket names are <prefix>-<run>-<n>: the prefix leaves room for both within OSS's 63 characters. */
const PREFIX = /^[a-z0-9][a-z0-9-]{1,29}$/;
const REGION_OF_ENDPOINT = /^oss-([a-z0-9-]{2,40})(?:-internal)?\.aliyuncs\.com$/;

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

class UsageError extends Error {}

function targetFrom(argv: string[], env: NodeJS.ProcessEnv): { target: ConformanceTarget; only?: Set<string> } {
  const { values } = parseArgs({
    args: argv,
    options: {
      endpoint: { type: 'string' }, 'bucket-prefix': { type: 'string' }, origin: { type: 'string' },
      region: { type: 'string' }, only: { type: 'string' }, 'path-style': { type: 'boolean' },
    },
    strict: true,
  });
  const endpoint = values.endpoint;
  const prefix = values['bucket-prefix'];
  const origin = values.origin;
  if (!endpoint || !prefix || !origin) throw new UsageError('--endpoint, --bucket-prefix and --origin are required');
  if (!PREFIX.test(prefix)) throw new UsageError('--bucket-prefix: 2-30 characters, lower-case letters, digits and "-", not starting with "-"');
  let host: string;
  try {
    host = new URL(endpoint).hostname;
    new URL(origin);
  } catch {
    throw new UsageError('--endpoint and --origin must be absolute URLs');
  }
  const region = values.region ?? REGION_OF_ENDPOINT.exec(host)?.[1];
  if (!region) throw new UsageError('--region is required when the endpoint is not oss-<region>.aliyuncs.com');
  const accessKeyId = env.OSS_ACCESS_KEY_ID;
  const accessKeySecret = env.OSS_ACCESS_KEY_SECRET;
  if (!accessKeyId || !accessKeySecret) throw new UsageError('OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET must be set');
  const target: ConformanceTarget = {
    endpoint, region, accessKeyId, accessKeySecret, bucketPrefix: prefix, originUrl: origin.endsWith('/') ? origin : `${origin}/`,
  };
  if (env.OSS_SESSION_TOKEN) target.securityToken = env.OSS_SESSION_TOKEN;
  if (values['path-style']) target.pathStyle = true;
  const only = values.only ? new Set(values.only.split(',').map((s) => s.trim()).filter(Boolean)) : undefined;
  return only ? { target, only } : { target };
}

function print(io: CliIo, results: RowResult[]): void {
  for (const r of results) {
    io.out(`${r.match ? 'match   ' : 'MISMATCH'} ${r.id}${r.error ? ` (${r.error})` : ''}`);
    for (const line of r.evidence) io.out(`    ${line}`);
  }
  const bad = results.filter((r) => !r.match).length;
  io.out(`${results.length - bad}/${results.length} rows match`);
}

/** `npm run conformance`: 0 when every row matches, 1 on a mismatch, 2 on bad usage. */
export async function conformanceCli(argv: string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof targetFrom>;
  try {
    parsed = targetFrom(argv, env);
  } catch (err) {
    io.err(`${err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? (err as Error).message : 'bad arguments'}\n${USAGE}`);
    return 2;
  }
  const rows = DECISION_ROWS.filter((r) => !parsed.only || parsed.only.has(r.id));
  if (rows.length === 0) {
    io.err(`--only names no known row; rows: ${DECISION_ROWS.map((r) => r.id).join(', ')}`);
    return 2;
  }
  io.err(`running ${rows.length} rows against ${parsed.target.endpoint} (origin ${parsed.target.originUrl})`);
  const results = await runRows(rows, parsed.target);
  print(io, results);
  return results.every((r) => r.match) ? 0 : 1;
}
