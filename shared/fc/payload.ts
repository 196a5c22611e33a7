import { BadRequestError } from './errors.ts';
import type { FcInput } from './fc-event.ts';

/** The fields a request asks with, whatever the trigger. */
export type Fields = Readonly<Record<string, unknown>>;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Per trigger kind: a timer's or a direct invocation's payload (a JSON object, `{}` when none: else
 * BAD_PAYLOAD); an HTTP request's query (`http: 'query'`) or its body as a JSON object (`http: 'json'`,
 * `{}` when empty: else BAD_JSON).
 */
export function requestFields(input: FcInput, http: 'query' | 'json' = 'query'): Fields {
  if (input.kind !== 'http') {
    const p = input.payload ?? {};
    if (!isObject(p)) throw new BadRequestError('the payload must be a JSON object', { code: 'BAD_PAYLOAD' });
    return p;
  }
  if (http === 'query') return input.query;
  if (input.rawBody.length === 0) return {};
  let body: unknown;
  try {
    body = JSON.parse(input.text());
  } catch {
    // no cause: V8's message quotes the body text around the error
    throw new BadRequestError('body must be JSON', { code: 'BAD_JSON' });
  }
  if (!isObject(body)) throw new BadRequestError('body must be a JSON object', { code: 'BAD_JSON' });
  return body;
}

/** Bucket names as a request gives them: `"a,b"` (query, payload) or `["a","b"]`; undefined for anything else. */
export function nameList(v: unknown): string[] | undefined {
  if (typeof v === 'string') return v.split(',').map((s) => s.trim()).filter(Boolean);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
}
