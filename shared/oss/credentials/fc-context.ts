import { checkCredentials } from './basic.ts';
import type { CredentialsProvider } from './types.ts';

/** The part of an FC 3.0 context this provider reads. */
export interface FcContextLike {
  credentials?: { accessKeyId?: string; accessKeySecret?: string; securityToken?: string } | null;
}

/**
 * The STS keys FC hands each invocation in `context.credentials` (the function's role). Pass the
 * context, or a function returning the current one: FC refreshes the keys between invocations,
 * so a module-level client should read them through a getter.
 */
export function fromFcContext(source: FcContextLike | (() => FcContextLike | undefined)): CredentialsProvider {
  return {
    async getCredentials() {
      const context = typeof source === 'function' ? source() : source;
      return checkCredentials(context?.credentials, 'the FC context (is a role attached to the function?)');
    },
  };
}
