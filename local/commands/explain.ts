// What went wrong, in the operator's words: an OSS error response or a transport failure becomes one
// stable class (ACCESS_DENIED, NO_CREDENTIALS, NO_SUCH_BUCKET, NETWORK, TIMEOUT, CLOCK_SKEW) and a hint on
// what to fix, both from the one error-code table (shared/errors/codes.ts) the function reports use.
// Never "internal error" for something OSS answered.
import { codeInfo, ossErrorCode } from '../../shared/errors/index.ts';

export interface Explained {
  code: string;
  hint: string;
}

/** `op: 403 AccessDenied: ...` (OssServiceError's message) → `AccessDenied`. Plain string steps, no RegExp over the text. */
function ossCodeInMessage(message: string): string | undefined {
  const parts = message.slice(0, 300).split(': ', 3);
  const head = parts[1]?.split(' ');
  return head?.length === 2 && /^\d{3}$/.test(head[0]!) ? head[1] : undefined;
}

/** The explanation of an error (or of a report's error code / message), if the table gives its class. */
export function explain(error: unknown): Explained | undefined {
  const info = codeInfo(error);
  if (info?.cli) return { code: info.cli, hint: info.hint };
  const message = (error as { message?: unknown } | null)?.message;
  const inMessage = typeof message === 'string' ? ossCodeInMessage(message) : undefined;
  const fromMessage = inMessage ? codeInfo(ossErrorCode(inMessage, 0)) : undefined;
  return fromMessage?.cli ? { code: fromMessage.cli, hint: fromMessage.hint } : undefined;
}

/** `CODE: message` and a `hint:` line for stderr; `fallback` is the code when nothing is known. */
export function explainLines(error: unknown, fallback: string): string[] {
  const x = explain(error);
  const message = (error as { message?: unknown } | null)?.message;
  const text = typeof message === 'string' ? message : String(error);
  return x ? [`${x.code}: ${text}`, `  hint: ${x.hint}`] : [`${fallback}: ${text}`];
}
