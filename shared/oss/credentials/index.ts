export type { Credentials, CredentialsProvider } from './types.ts';
export { CredentialsError, type CredentialsErrorCode } from './errors.ts';
export { anonymous, checkCredentials, fromFunction, fromStatic } from './basic.ts';
export { ENV_ACCESS_KEY_ID, ENV_ACCESS_KEY_SECRET, ENV_SESSION_TOKEN, fromEnv } from './env.ts';
export { fromFcContext, type FcContextLike } from './fc-context.ts';
export {
  DEFAULT_MIN_REFRESH_INTERVAL_MS,
  DEFAULT_REFRESH_MARGIN_MS,
  withRefresh,
  type RefreshOptions,
} from './refresh.ts';
export {
  DEFAULT_METADATA_HOST,
  DEFAULT_METADATA_TIMEOUT_MS,
  fromEcsRamRole,
  parseEcsCredentials,
  type EcsRamRoleOptions,
} from './ecs-ram-role.ts';
export {
  DEFAULT_STS_ENDPOINT,
  fromOidcRoleArn,
  fromRamRoleArn,
  type OidcRoleArnOptions,
  type RamRoleArnOptions,
} from './sts-role.ts';
