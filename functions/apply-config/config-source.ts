// Moved to shared/fc/config-source.ts (validate-mirror-origin and refresh-stale-objects use it too).
// Kept only until every importer imports shared/fc directly; new code must not import this file.
export { configRefused, loadConfigFrom, ConfigError, type ConfigSource, type LoadedConfig } from '../../shared/fc/config-source.ts';
