/**
 * ossedge.yaml: parse → validate → normalize (loadConfig), then per bucket planBucket(desired, live)
 * against what the ops read, resolveWebsiteSecrets right before a PUT, exportConfig for adoption.
 * Pure: no I/O besides the text handed in, no process.env (the env map is injected).
 */
export { ConfigError, formatIssue } from './errors.ts';
export type { ConfigErrorCode, ConfigIssue } from './errors.ts';
export { MAX_CONFIG_BYTES, parseConfigText } from './parse.ts';
export type { ConfigFormat, ParseOptions, ParsedConfig, SourcePosition } from './parse.ts';
export { hasErrors, validateConfig } from './validate/index.ts';
export { defaultReferer, normalizeConfig } from './normalize.ts';
export { loadConfig, loadConfigOrThrow, loadConfigValue } from './load.ts';
export { listMirrorRules } from './rules.ts';
export type { MirrorRuleRef } from './rules.ts';
export type { LoadResult } from './load.ts';
export { OSS_DEFAULTS } from './defaults.ts';
export { envRef, envRefName, isSecretEnvName, redactSecrets, REDACTED, resolveWebsiteSecrets, SECRET_ENV_PREFIX, secretEnvNames, secretEnvOf, unresolvedSecretIssues } from './secrets.ts';
export type { ConfigSource, LoadedConfig } from './source.ts';
export { mergeCors, mergeWebsite } from './merge.ts';
export { conditionIdentity, corsRuleIdentity } from './identity.ts';
export {
  canonicalCors,
  canonicalReferer,
  canonicalWebsite,
  changeLines,
  diffCors,
  diffReferer,
  diffValues,
  diffWebsite,
  planBucket,
} from './diff/index.ts';
export type { BucketPlan, Change, SectionAction, SectionName, SectionPlan } from './diff/index.ts';
export { defaultSecretEnvName, exportConfig } from './export.ts';
export type { ExportBucket, ExportOptions } from './export.ts';
export { buildJsonSchema, JSON_SCHEMA_ID } from './json-schema.ts';
export { formatPath } from './path.ts';
export type { PathSegments } from './path.ts';
export type {
  BucketConfig,
  DesiredCors,
  DesiredWebsite,
  LiveBucketSettings,
  OssedgeConfig,
  OwnershipMode,
  RoutingRuleMeta,
} from './types.ts';
