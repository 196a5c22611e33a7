import { OssedgeError } from './base.ts';

/**
 * The caller's input is refused, below the FC layer (state, engines): the FC error handler answers it
 * like any exposed 4xx, `{error: {code, message, details}}` with `statusCode`, and the CLI prints it.
 */
export class RefusedError extends OssedgeError {
  override readonly name: string = 'RefusedError';
  readonly statusCode: number;
  readonly expose = true;
  declare readonly details?: unknown;

  constructor(code: string, message: string, options: { statusCode?: number; details?: unknown; cause?: unknown } = {}) {
    super(code, message, options);
    this.statusCode = options.statusCode ?? 400;
    if (options.details !== undefined) this.details = options.details;
  }
}
