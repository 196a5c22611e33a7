// apply-config: keeps OSS buckets' website/mirror, CORS and Referer settings equal to ossedge.yaml.
// HTTP (git push webhook: 202 + async apply; ?mode=plan answers the plan), timer (drift), direct invoke (CLI).
import { envCredentials } from '../../shared/fc/credentials.ts';
import { ossConnectionFromEnv } from '../../shared/state/oss-connection.ts';
import { createApplyPreflight } from '../../shared/origin-check/apply-preflight.ts';
import { gitSettingsFrom } from '../../shared/git/settings.ts';
import { createApplyConfigHandler } from './handler.ts';
import { notifyFrom } from '../../shared/report/notify.ts';

const env = process.env;

export const handler = createApplyConfigHandler({
  env,
  connection: ossConnectionFromEnv(env),
  fallbackCredentials: envCredentials(env),
  // new or changed mirror rules: validate-mirror-origin's checks before the website is written
  preflight: createApplyPreflight({ allowPrivate: env.OSSEDGE_ALLOW_PRIVATE_ORIGINS === '1' }),
  ...(env.OSSEDGE_CONFIG ? { configLocation: env.OSSEDGE_CONFIG } : {}),
  ...(env.OSSEDGE_REPORTS ? { reportsLocation: env.OSSEDGE_REPORTS } : {}),
  ...(env.OSSEDGE_DASHBOARD ? { dashboardLocation: env.OSSEDGE_DASHBOARD } : {}),
  ...notifyFrom({ url: env.OSSEDGE_NOTIFY_URL, kind: env.OSSEDGE_NOTIFY_KIND, secret: env.OSSEDGE_NOTIFY_SECRET }),
  ...(env.OSSEDGE_WEBHOOK_SECRET ? { webhookSecret: env.OSSEDGE_WEBHOOK_SECRET } : {}),
  ...(env.OSSEDGE_WEBHOOK_SECRET_PREVIOUS ? { webhookPreviousSecret: env.OSSEDGE_WEBHOOK_SECRET_PREVIOUS } : {}),
  ...(env.OSSEDGE_FC_ENDPOINT ? { fcEndpoint: env.OSSEDGE_FC_ENDPOINT } : {}),
  ...(env.OSSEDGE_DRIFT_ACTION === 'report' ? { driftAction: 'report' as const } : {}),
  // OSSEDGE_GIT_*: GitOps with a token, provider and repository (README "GitOps")
  git: gitSettingsFrom({
    OSSEDGE_GIT_TOKEN: env.OSSEDGE_GIT_TOKEN, OSSEDGE_GIT_PROVIDER: env.OSSEDGE_GIT_PROVIDER, OSSEDGE_GIT_REPOSITORY: env.OSSEDGE_GIT_REPOSITORY,
    OSSEDGE_GIT_API: env.OSSEDGE_GIT_API, OSSEDGE_GIT_PATH: env.OSSEDGE_GIT_PATH, OSSEDGE_GIT_BRANCH: env.OSSEDGE_GIT_BRANCH,
    OSSEDGE_DASHBOARD_URL: env.OSSEDGE_DASHBOARD_URL,
  }),
});
