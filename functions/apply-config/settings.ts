// apply-config's settings: the one place this function reads process.env (README "Environment").
import type { ApplySettings } from '../../shared/apply/index.ts';
import { secretEnvOf } from '../../shared/config/secrets.ts';
import { COMMON_SETTINGS_VARS, commonSettingsFrom, NOTIFY_VARS, notifySettingsFrom, type CommonSettings, type Env } from '../../shared/fc/settings.ts';
import type { FcHandlerContext } from '../../shared/fc/handler.ts';
import type { Invoker } from '../../shared/fc/invoker.ts';
import { GIT_SETTINGS_VARS, gitSettingsFrom } from '../../shared/git/settings.ts';
import { createApplyPreflight } from '../../shared/origin-check/apply-preflight.ts';
import type { DeliveryStore } from '../../shared/state/delivery-store.ts';
import type { ClientTuning } from '../../shared/state/oss-clients.ts';

/** Every variable read below; `OSSEDGE_SECRET_*`: the values config secrets (`${env:NAME}`) may name. */
export const SETTINGS_VARS = [
  ...COMMON_SETTINGS_VARS, 'OSSEDGE_CONFIG', ...NOTIFY_VARS, 'OSSEDGE_WEBHOOK_SECRET', 'OSSEDGE_WEBHOOK_SECRET_PREVIOUS',
  'OSSEDGE_DRIFT_ACTION', 'OSSEDGE_ALLOW_PRIVATE_ORIGINS', 'OSSEDGE_FC_ENDPOINT', ...GIT_SETTINGS_VARS, 'OSSEDGE_SECRET_*',
] as const;

export interface ApplyConfigOptions extends ApplySettings, Partial<Omit<CommonSettings, 'connection'>>, Pick<CommonSettings, 'connection'> {
  clientTuning?: ClientTuning;
  webhookSecret?: string;
  /** OSSEDGE_WEBHOOK_SECRET_PREVIOUS: still accepted during a rotation. */
  webhookPreviousSecret?: string;
  /** How the webhook queues the apply (default: FC invoker from the context, at `fcEndpoint` when set). */
  invoker?: (ctx: FcHandlerContext) => Invoker;
  fcEndpoint?: string;
  /** Where webhook deliveries are recorded (default: `<reports>_state/deliveries/` in OSS, shared by all instances). */
  deliveries?: DeliveryStore;
  write?: (line: string) => void;
}

export function settingsFrom(all: Env): ApplyConfigOptions {
  // the readers below see only the listed variables: SETTINGS_VARS is the whole list by construction
  const env: Record<string, string | undefined> = Object.fromEntries(SETTINGS_VARS.map((k) => [k, all[k]]));
  const set = <K extends string>(key: K, value: string | undefined) => (value ? { [key]: value } as Record<K, string> : {});
  return {
    // OSS connection, fallback keys, reports, dashboard and their retention (OSSEDGE_REPORT_RETENTION_DAYS)
    ...commonSettingsFrom(env), env: secretEnvOf(all),
    // new or changed mirror rules: validate-mirror-origin's checks before the website is written
    preflight: createApplyPreflight({ allowPrivate: env.OSSEDGE_ALLOW_PRIVATE_ORIGINS === '1' }),
    ...set('configLocation', env.OSSEDGE_CONFIG),
    ...notifySettingsFrom(env),
    ...set('webhookSecret', env.OSSEDGE_WEBHOOK_SECRET), ...set('webhookPreviousSecret', env.OSSEDGE_WEBHOOK_SECRET_PREVIOUS), ...set('fcEndpoint', env.OSSEDGE_FC_ENDPOINT),
    ...(env.OSSEDGE_DRIFT_ACTION === 'report' ? { driftAction: 'report' as const } : {}),
    // OSSEDGE_GIT_*: GitOps with a token, provider and repository (README "GitOps")
    git: gitSettingsFrom(env),
  };
}

export const settings = (): ApplyConfigOptions => settingsFrom(process.env);
