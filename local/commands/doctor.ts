// `ossedge doctor`: checks a deployment end to end and says what to fix. One line per check on stdout
// (✓ passed, ✗ failed with a hint, – skipped because it is not configured), or with --json the results
// alone; exit 0 when nothing failed, 1 when a check failed, 2 for bad flags.
import { createOssClient } from '../../shared/oss/client.ts';
import { fcPublicEndpoint } from '../../shared/fc/invoker.ts';
import { fail, skip, type CheckResult } from './doctor/check.ts';
import { checkFunctionsDeployed, checkHealthInvoke } from './doctor/fc-checks.ts';
import { checkGitToken } from './doctor/git-check.ts';
import { checkConfig, checkConfigBucket, checkCredentials, checkReportsBucket } from './doctor/oss-checks.ts';
import { renderChecks, summarize } from './doctor/render.ts';
import type { DoctorSettings } from './doctor/settings.ts';
import { checkWebhook } from './doctor/webhook-check.ts';
import { parseCommandArgs } from './common.ts';
import { cliCredentials } from './credentials.ts';
import { EXIT } from './exit.ts';
import { paint } from './output.ts';
import { commandOptions, commandSpec, type CommandIo, type CommandRunner } from './table.ts';

const DEFAULT_TIMEOUT_MS = 15_000;

type Values = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function settingsFrom(values: Values, env: NodeJS.ProcessEnv): DoctorSettings {
  const endpoint = str(values.endpoint) ?? str(env.OSS_ENDPOINT);
  // requests are signed for --region / OSS_REGION; the buckets and functions belong in the deploy region of
  // s.yaml (OSSEDGE_REGION) when it is set
  const signing = str(values.region) ?? str(env.OSS_REGION);
  const region = str(env.OSSEDGE_REGION) ?? signing;
  const credentials = cliCredentials(env, str(values.profile));
  const accountId = str(values['account-id']) ?? str(env.ALIBABA_CLOUD_ACCOUNT_ID);
  const fcEndpoint = str(values['fc-endpoint']) ?? str(env.OSSEDGE_FC_ENDPOINT);
  const fcRegion = region ?? 'cn-hangzhou';
  const ossRegion = signing ?? fcRegion;
  const config = str(values.config) ?? str(env.OSSEDGE_CONFIG);
  const reports = str(values.reports) ?? str(env.OSSEDGE_REPORTS);
  const webhookUrl = str(values['webhook-url']) ?? str(env.OSSEDGE_WEBHOOK_URL);
  const webhookSecret = str(env.OSSEDGE_WEBHOOK_SECRET);
  return {
    env, credentials, ...(region ? { region } : {}),
    oss: createOssClient({ ...(endpoint ? { endpoint } : {}), region: ossRegion, credentials, retry: { maxAttempts: 2 } }),
    ...(config ? { config } : {}),
    ...(reports ? { reports } : {}),
    // with an explicit endpoint the account id only names the caller's account to fc2, which puts it in no request
    ...(accountId || fcEndpoint ? { fc: { accountId: accountId ?? 'local', region: fcRegion, endpoint: fcEndpoint ?? fcPublicEndpoint(accountId!, fcRegion) } } : {}),
    ...(webhookUrl ? { webhookUrl } : {}),
    ...(webhookSecret ? { webhookSecret } : {}),
    timeoutMs: DEFAULT_TIMEOUT_MS,
  };
}

/** Every check, in the order a deployment is built: keys, buckets, config, functions, webhook, git. */
async function runChecks(s: DoctorSettings): Promise<CheckResult[]> {
  const guard = async <T extends CheckResult | CheckResult[]>(name: string, check: () => Promise<T>): Promise<CheckResult[]> => {
    try {
      const r = await check();
      return Array.isArray(r) ? r : [r];
    } catch (e) {
      // a check that throws is a check that failed, said as such (never the whole doctor failing)
      return [fail(name, String((e as Error)?.message ?? e).slice(0, 300))];
    }
  };
  const credentials = await guard('credentials', () => checkCredentials(s));
  // without keys OSS accepts, the OSS and FC checks could only repeat that failure: said once, above
  const keyed = <T extends CheckResult | CheckResult[]>(name: string, check: () => Promise<T>) =>
    credentials[0]!.status === 'fail' ? Promise.resolve([skip(name, 'the credentials check failed')]) : guard(name, check);
  // the rest do not depend on one another: run them together
  const rest = await Promise.all([
    keyed('config bucket', () => checkConfigBucket(s)),
    keyed('reports bucket', () => checkReportsBucket(s)),
    keyed('config', () => checkConfig(s)),
    keyed('functions', () => checkFunctionsDeployed(s)),
    keyed('health invoke', () => checkHealthInvoke(s)),
    guard('webhook', () => checkWebhook(s)),
    guard('git token', () => checkGitToken(s)),
  ]);
  return [...credentials, ...rest.flat()];
}

export const doctorRunner: CommandRunner = async (name: string, argv: string[], io: CommandIo): Promise<number> => {
  const env = io.env ?? process.env;
  const parsed = parseCommandArgs(io, name, commandSpec(name).usage, argv, commandOptions(name));
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const results = await runChecks(settingsFrom(values, env));
  const summary = summarize(results);
  if (values.json === true) io.stdout.write(`${JSON.stringify({ ok: summary.failed === 0, summary, checks: results }, null, 2)}\n`);
  else io.stdout.write(`${renderChecks(results, paint(io.stdout, env)).join('\n')}\n`);
  return summary.failed === 0 ? EXIT.OK : EXIT.FAILURE;
};
