import { OssedgeError } from '../errors/base.ts';

/** One problem found in a config file. `path` is the dotted form users see (`buckets.a.website.routingRules[3]`). */
export interface ConfigIssue {
  path: string;
  segments: ReadonlyArray<string | number>;
  message: string;
  severity: 'error' | 'warning';
  /** Stable UPPER_SNAKE code, e.g. CONFIG_UNKNOWN_KEY. */
  code: string;
  /** The file the position is in, when the text came from one (parse errors). */
  file?: string;
  line?: number;
  column?: number;
}

export type ConfigErrorCode =
  | 'CONFIG_INVALID'
  | 'CONFIG_PARSE'
  | 'CONFIG_TOO_LARGE'
  | 'CONFIG_SECRET_UNRESOLVED'
  | 'CONFIG_SECRET_NAME'
  | 'CONFIG_MERGE_LIMIT';

/** Every config problem surfaces as this one class: `issues` lists them all, none carries a secret. */
export class ConfigError extends OssedgeError<ConfigErrorCode> {
  override readonly name = 'ConfigError';
  readonly issues: readonly ConfigIssue[];

  constructor(code: ConfigErrorCode, issues: readonly ConfigIssue[], options?: { cause?: unknown }) {
    const errors = issues.filter((i) => i.severity === 'error');
    const shown = (errors.length > 0 ? errors : issues).slice(0, 20).map(formatIssue);
    const more = errors.length > 20 ? `\n... and ${errors.length - 20} more` : '';
    super(code, `invalid config (${errors.length} error${errors.length === 1 ? '' : 's'}):\n${shown.join('\n')}${more}`, options);
    this.issues = issues;
  }
}

/** `path: message (FILE, line L, column C)`; a root-level problem prints without the path. */
export function formatIssue(issue: ConfigIssue): string {
  const file = issue.file !== undefined ? `${issue.file}, ` : '';
  const where = issue.line !== undefined ? ` (${file}line ${issue.line}, column ${issue.column ?? 1})` : issue.file !== undefined ? ` (${issue.file})` : '';
  const warn = issue.severity === 'warning' ? 'warning: ' : '';
  return issue.path === '' ? `${warn}${issue.message}${where}` : `${warn}${issue.path}: ${issue.message}${where}`;
}
