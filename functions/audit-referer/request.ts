import { isSeverity } from '../../shared/audit/index.ts';
import { BadRequestError, MethodNotAllowedError } from '../../shared/fc/errors.ts';
import type { FcInput } from '../../shared/fc/fc-event.ts';
import { nameList, requestFields } from '../../shared/fc/payload.ts';

export interface AuditRequest {
  buckets?: string[];
  /** Probe enforcement live; undefined: the trigger's default. */
  probe?: boolean;
  probeKey?: string;
  /** A config location of the request's own (`oss://` only, but for direct invocations). */
  config?: string;
}

/** GET answers the latest report; POST (JSON body), timer and direct invoke (payload) run an audit. */
export function parseRequest(input: FcInput): AuditRequest | 'latest' {
  if (input.kind === 'http' && input.method === 'GET') return 'latest';
  if (input.kind === 'http' && input.method !== 'POST') throw new MethodNotAllowedError(input.method);
  const p = requestFields(input, 'json');
  if (p.failOn !== undefined && !isSeverity(p.failOn)) throw new BadRequestError('failOn must be one of info, low, medium, high, critical', { code: 'BAD_FAIL_ON' });
  if (p.probe !== undefined && typeof p.probe !== 'boolean') throw new BadRequestError('probe must be true or false', { code: 'BAD_PROBE' });
  const buckets = nameList(p.bucket);
  return {
    ...(buckets?.length ? { buckets } : {}),
    ...(p.probe !== undefined ? { probe: p.probe } : {}),
    ...(typeof p.probeKey === 'string' ? { probeKey: p.probeKey } : {}),
    ...(typeof p.config === 'string' ? { config: p.config } : {}),
  };
}
