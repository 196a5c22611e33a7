import { OssedgeError } from '../../errors/base.ts';

export type SignerErrorCode =
  /** A request or credentials field the signer cannot sign (bad UTF-16, reserved query key...). */
  | 'INVALID_ARGUMENT'
  /** Presign expiry outside 1..604800 seconds. */
  | 'INVALID_EXPIRES'
  /** Signing asked for without an AccessKey pair. */
  | 'MISSING_CREDENTIALS';

/** Thrown by the signer for input it refuses to sign. Never carries a secret. */
export class SignerError extends OssedgeError<SignerErrorCode> {
  override readonly name = 'SignerError';

  constructor(code: SignerErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
