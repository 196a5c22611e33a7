import { BadRequestError, MethodNotAllowedError } from '../../shared/fc/errors.ts';
import type { ConfigSource } from '../../shared/fc/config-source.ts';
import type { FcInput } from '../../shared/fc/fc-event.ts';
import { nameList, requestFields } from '../../shared/fc/payload.ts';

export interface ValidateRequest {
  buckets?: string[];
  /** A direct invocation's own config (CLI: the file it was given). */
  source?: ConfigSource;
}

/** HTTP: `?bucket=a,b` (GET or POST); timer and direct invoke: `{bucket?, config?, configText?, filename?}`. */
export function parseRequest(input: FcInput): ValidateRequest {
  if (input.kind === 'http' && input.method !== 'GET' && input.method !== 'POST') throw new MethodNotAllowedError(input.method);
  const p = requestFields(input);
  const buckets = nameList(p.bucket);
  if (p.bucket !== undefined && !buckets) throw new BadRequestError('bucket must be a name or a list of names', { code: 'BAD_BUCKET' });
  const out: ValidateRequest = buckets?.length ? { buckets } : {};
  if (input.kind !== 'invoke') return out;
  if (typeof p.configText === 'string') out.source = { kind: 'text', text: p.configText, ...(typeof p.filename === 'string' ? { filename: p.filename } : {}) };
  else if (typeof p.config === 'string') out.source = { kind: 'location', location: p.config };
  else if (p.config !== undefined && p.config !== null) out.source = { kind: 'value', value: p.config };
  return out;
}
