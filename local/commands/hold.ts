// `ossedge hold list | release BUCKET`: the drift holds a rollback puts on its buckets (shared/state/holds.ts).
// A held bucket's drift is reported by the drift timer and not corrected, until the next apply from the
// config or `hold release`. Results on stdout (--json: the JSON alone), diagnostics on stderr. Exit 0 done
// (also: nothing was held), 1 OSS failure, 2 bad input.
import { createOssHoldStore, type HoldRecord } from '../../shared/state/holds.ts';
import { createClientCache } from '../../shared/state/oss-clients.ts';
import { validateBucketName } from '../../shared/oss/endpoint.ts';
import { ossFolder } from '../../shared/state/location.ts';
import { EXIT } from './exit.ts';
import { commandOptions, commandSpec, type CommandIo } from './table.ts';
import { connectionFrom, parseCommandArgs, usageError } from './common.ts';
import { requireCredentials } from './credentials.ts';
import { messageOf, rawCode } from '../../shared/errors/base.ts';

const ACTIONS = ['list', 'release'] as const;
type Action = (typeof ACTIONS)[number];

const origin = (h: HoldRecord): string => `rollback run ${h.runId}${h.rollbackOf ? ` of ${h.rollbackOf}` : ''}, since ${h.since}`;

/** The action and bucket, or what is wrong with the arguments. */
function holdRequest(positionals: string[]): { action: Action; bucket?: string } | string {
  const action = positionals[0] as Action | undefined;
  if (!action || !ACTIONS.includes(action)) return `say one of ${ACTIONS.join(', ')}`;
  if (action === 'list') return positionals.length === 1 ? { action } : 'hold list takes no bucket';
  if (positionals.length !== 2) return 'hold release takes exactly one BUCKET';
  try {
    validateBucketName(positionals[1]!);
  } catch (e) {
    return (e as Error).message;
  }
  return { action, bucket: positionals[1]! };
}

/** Runs `ossedge hold ...`; resolves with the exit code. */
export async function runHoldCommand(argv: string[], io: CommandIo): Promise<number> {
  const env = io.env ?? process.env;
  const usage = commandSpec('hold').usage;
  const parsed = parseCommandArgs(io, 'hold', usage, argv, commandOptions('hold'), true);
  if (typeof parsed === 'number') return parsed;
  const req = holdRequest(parsed.positionals);
  if (typeof req === 'string') return usageError(io, 'hold', usage, req);
  const { region, options } = connectionFrom(parsed.values, env, io);
  if (!options.reportsLocation) return usageError(io, 'hold', usage, 'holds are kept under the reports location: give --reports oss://bucket/prefix/ (or OSSEDGE_REPORTS)');
  const missing = await requireCredentials(io, 'hold', env, parsed.values.profile as string | undefined);
  if (missing !== undefined) return missing;
  const clients = createClientCache(options.connection);
  clients.use(options.fallbackCredentials);
  const store = createOssHoldStore(clients.home(region), ossFolder(options.reportsLocation));
  const json = parsed.values.json === true;
  try {
    if (req.action === 'release') {
      const released = await store.release(req.bucket!);
      if (json) io.stdout.write(`${JSON.stringify({ bucket: req.bucket, released: released !== undefined, ...(released ? { hold: released } : {}) }, null, 2)}\n`);
      else io.stdout.write(released ? `${req.bucket}: hold released (${origin(released)}); the drift timer corrects its drift again\n` : `${req.bucket}: not on hold, nothing to release\n`);
      return EXIT.OK;
    }
    const names = [...(await store.held())].sort();
    // a hold that cannot be read fails the command: leaving it out would say the bucket is not held
    const holds = (await Promise.all(names.map((n) => store.get(n)))).filter((h): h is HoldRecord => h !== undefined);
    if (json) io.stdout.write(`${JSON.stringify({ holds }, null, 2)}\n`);
    else io.stdout.write(holds.length ? `${holds.map((h) => `${h.bucket}: on hold (${origin(h)})`).join('\n')}\n` : 'no bucket is on hold\n');
    return EXIT.OK;
  } catch (e) {
    io.stderr.write(`ossedge hold: ${rawCode(e) ?? 'ERROR'}: ${messageOf(e)}\n`);
    return EXIT.FAILURE;
  }
}

/** The command table's runner shape. */
export const holdRunner = (_name: string, argv: string[], io: CommandIo): Promise<number> => runHoldCommand(argv, io);
