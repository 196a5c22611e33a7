// The one error model of ossedge: every error raised by shipped code is an OssedgeError with a stable
// `code` (and the standard `cause`). Each layer has its own subclasses; codes.ts says which code a
// report carries for any error (OSS's own codes become OSS_*).

const UPPER_SNAKE = /^[A-Z][A-Z0-9_]*$/;

export interface OssedgeErrorOptions {
  cause?: unknown;
}

export class OssedgeError<C extends string = string> extends Error {
  override readonly name: string = 'OssedgeError';
  readonly code: C;

  constructor(code: C, message: string, options?: OssedgeErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }

  /**
   * The code reports and logs carry. Usually `code`; a class whose `code` is a foreign fact (OSS's own
   * CamelCase error code) maps it here, so comparisons with the foreign code keep working.
   */
  reportCode(): string {
    return this.code;
  }
}

/**
 * An error's own `code` when it is a non-empty string (an OssedgeError, a Node system error such as
 * ECONNRESET, an undici error, or a plain `{code}` object that crossed a JSON boundary); else undefined.
 */
export function rawCode(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' && code !== '' ? code : undefined;
}

/** The message of anything thrown, for logs and reports. */
export function messageOf(e: unknown): string {
  const m = typeof e === 'object' && e !== null ? (e as { message?: unknown }).message : undefined;
  return typeof m === 'string' ? m : String(e);
}

export function isUpperSnake(code: string): boolean {
  return code.length <= 64 && UPPER_SNAKE.test(code);
}
