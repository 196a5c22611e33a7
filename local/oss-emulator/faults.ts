/**
 * Injected faults for tests and benchmarks: per operation (or all), an error rate (500 InternalError or
 * 503 SlowDown), connection resets, truncated bodies and added latency; `failNext` makes the next N
 * matching requests fail deterministically (`lost`: handled, response dropped), and a seed makes the rates reproducible.
 */

export type FaultError = 'InternalError' | 'SlowDown';
export type FaultKind = 'error' | 'reset' | 'truncate' | 'lost';

export interface FaultRule {
  /** OSS operation name (GetObject, PutBucketWebsite...); absent or '*' = every operation. */
  op?: string;
  bucket?: string;
  /** An object key: only requests for that object (e.g. one run's report among the reports bucket's writes). */
  key?: string;
  /** 0..1: share of requests answered with `error`. */
  errorRate?: number;
  /** Default InternalError (500); SlowDown is 503. */
  error?: FaultError;
  /** 0..1: share of requests whose connection is reset before any response. */
  resetRate?: number;
  /** 0..1: share of responses whose body is cut in half, then the connection dropped. */
  truncateRate?: number;
  /** Added before the request is handled. */
  latencyMs?: number;
  /**
   * The next N matching requests get `kind` (default 'error'), whatever the rates. `lost` (only this way):
   * the request takes effect, then the connection drops before its response (a write that looks failed).
   */
  failNext?: number;
  kind?: FaultKind;
}

export interface FaultDecision {
  latencyMs: number;
  action?: FaultKind;
  error: FaultError;
}

/** mulberry32: small, fast, good enough for fault dice (and reproducible fuzz in tests). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KINDS: readonly FaultKind[] = ['error', 'reset', 'truncate', 'lost'];
const ERRORS: readonly FaultError[] = ['InternalError', 'SlowDown'];

/** Checks a rule's shape (rules also arrive as JSON from the admin endpoint and CLI). */
export function validateFaultRule(rule: FaultRule): FaultRule {
  for (const k of ['errorRate', 'resetRate', 'truncateRate'] as const) {
    const v = rule[k];
    if (v !== undefined && !(typeof v === 'number' && v >= 0 && v <= 1)) throw new TypeError(`fault ${k} must be a number in 0..1`);
  }
  for (const k of ['latencyMs', 'failNext'] as const) {
    const v = rule[k];
    if (v !== undefined && !(Number.isInteger(v) && v >= 0)) throw new TypeError(`fault ${k} must be a non-negative integer`);
  }
  if (rule.error !== undefined && !ERRORS.includes(rule.error)) throw new TypeError(`fault error must be one of ${ERRORS.join(', ')}`);
  if (rule.kind !== undefined && !KINDS.includes(rule.kind)) throw new TypeError(`fault kind must be one of ${KINDS.join(', ')}`);
  const known = new Set(['op', 'bucket', 'key', 'errorRate', 'error', 'resetRate', 'truncateRate', 'latencyMs', 'failNext', 'kind']);
  for (const k of Object.keys(rule)) if (!known.has(k)) throw new TypeError(`unknown fault field ${k}`);
  return { ...rule };
}

export class Faults {
  private rules: FaultRule[] = [];
  private random: () => number;
  /** Faults injected so far (errors, resets, truncations). */
  injected = 0;

  constructor(seed?: number) {
    this.random = seed === undefined ? Math.random : seeded(seed);
  }

  /** Replaces all rules. */
  set(rules: FaultRule | FaultRule[]): void {
    this.rules = (Array.isArray(rules) ? rules : [rules]).map(validateFaultRule);
  }

  add(rule: FaultRule): void {
    this.rules.push(validateFaultRule(rule));
  }

  clear(): void {
    this.rules = [];
  }

  seed(seed: number): void {
    this.random = seeded(seed);
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  decide(op: string, bucket: string | undefined, key?: string): FaultDecision {
    const d: FaultDecision = { latencyMs: 0, error: 'InternalError' };
    for (const r of this.rules) {
      if (r.op !== undefined && r.op !== '*' && r.op !== op) continue;
      if (r.bucket !== undefined && r.bucket !== bucket) continue;
      if (r.key !== undefined && r.key !== key) continue;
      d.latencyMs += r.latencyMs ?? 0;
      if (d.action) continue;
      if (r.failNext && r.failNext > 0) {
        r.failNext--;
        d.action = r.kind ?? 'error';
      } else if (r.resetRate && this.random() < r.resetRate) d.action = 'reset';
      else if (r.errorRate && this.random() < r.errorRate) d.action = 'error';
      else if (r.truncateRate && this.random() < r.truncateRate) d.action = 'truncate';
      if (d.action) d.error = r.error ?? 'InternalError';
    }
    if (d.action) this.injected++;
    return d;
  }
}
