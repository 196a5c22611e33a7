// Where a run's ossedge.yaml comes from, and what loading it gives: the types every reader shares (the FC
// layer reads them in shared/fc/config-source.ts; the apply engine only names them).
import type { ConfigIssue } from './errors.ts';
import type { OssedgeConfig } from './types.ts';

/** Where a run's config comes from: text (file, webhook body), an already parsed value, or a location. */
export type ConfigSource =
  | { kind: 'text'; text: string; filename?: string }
  | { kind: 'value'; value: unknown }
  | { kind: 'location'; location: string };

export interface LoadedConfig {
  config: OssedgeConfig;
  /** The validated config as text (what an async run receives), and its name for positions. */
  text: string;
  filename?: string;
  origin: string;
  /**
   * What validation warned about (a rule that can never match, ...), and for a run that does not write an
   * unresolved `${env:NAME}` secret: the run goes on, its report lists them (shared/apply/config-warnings.ts).
   */
  warnings: ConfigIssue[];
}
