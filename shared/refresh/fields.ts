// What the refresh requests' parsers share: the fields an HTTP request carries (its query, overlaid by a
// bounded JSON body) and how a flag reads.
import { RefreshRequestError } from './errors.ts';
import type { RefreshInput } from './run-context.ts';

/** An HTTP body is read no further than this; longer key lists belong in an object (keysFrom). */
export const MAX_BODY_BYTES = 1024 * 1024;

export const truthy = (v: unknown): boolean => v === true || v === 1 || v === '1' || v === 'true';

/** A request's dry-run flag, spelled `dryRun` (JSON) or `dry-run` (a query). */
export const dryRunOf = (p: Record<string, unknown>): boolean => truthy(p.dryRun) || truthy(p['dry-run']);

/** The query, overlaid by the JSON body when there is one; refused with `code` when oversize or not JSON. */
export function httpFields(input: Extract<RefreshInput, { kind: 'http' }>, code: string, tooLarge = `body over ${MAX_BODY_BYTES} bytes`): Record<string, unknown> {
  if (input.rawBody.length === 0) return { ...input.query };
  if (input.rawBody.length > MAX_BODY_BYTES) throw new RefreshRequestError(code, tooLarge);
  try {
    return { ...input.query, ...(JSON.parse(input.text()) as Record<string, unknown>) };
  } catch {
    throw new RefreshRequestError(code, 'body must be a JSON object');
  }
}
