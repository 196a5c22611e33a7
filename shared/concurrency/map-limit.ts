/**
 * Runs `work` over `items` with at most `limit` in flight; results keep the input order. The limit is a
 * whole number ≥ 1 (or Infinity): anything else (0, NaN, 2.5) is a caller's mistake and refused, since
 * guessing a lane count could start nothing (NaN lanes) or run everything at once.
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  if (!(limit >= 1) || (Number.isFinite(limit) && !Number.isInteger(limit))) throw new RangeError(`mapLimit: limit must be a whole number ≥ 1, got ${limit}`);
  const out = new Array<R>(items.length);
  let next = 0;
  const lanes = Math.min(limit, items.length);
  await Promise.all(Array.from({ length: lanes }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]!, i);
    }
  }));
  return out;
}
