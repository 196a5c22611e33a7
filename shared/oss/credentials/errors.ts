import { OssedgeError } from '../../errors/base.ts';

export type CredentialsErrorCode =
  /** A required environment variable is absent or empty (`variables` names them). */
  | 'MISSING_ENV'
  /** A source (FC context, function, metadata) gave no usable AccessKey pair. */
  | 'INVALID_CREDENTIALS'
  /** Fetching or refreshing temporary credentials failed and no unexpired ones are left. */
  | 'REFRESH_FAILED';

/** Thrown by credentials providers. Messages never carry a secret or a response body. */
export class CredentialsError extends OssedgeError<CredentialsErrorCode> {
  override readonly name = 'CredentialsError';
  /** For MISSING_ENV: the variables that are missing. */
  readonly variables?: readonly string[];

  constructor(code: CredentialsErrorCode, message: string, options?: { cause?: unknown; variables?: readonly string[] }) {
    super(code, message, options);
    if (options?.variables !== undefined) this.variables = options.variables;
  }
}
