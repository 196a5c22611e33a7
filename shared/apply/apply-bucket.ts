import {
  planBucket, redactSecrets, resolveWebsiteSecrets,
  type BucketConfig, type BucketPlan, type LiveBucketSettings, type SectionName,
} from '../config/index.ts';
import {
  deleteBucketCors, deleteBucketWebsite, putBucketCors, putBucketReferer, putBucketWebsite,
  type CallOptions, type OssInvoker,
} from '../oss/index.ts';
import { describeError, PreflightError, VerifyError } from './errors.ts';
import { ALL_SECTIONS, managedSections, readLiveSettings } from './live.ts';
import { changedMirrorRules, previewPreflight, runPreflight } from './preflight.ts';
import type { HoldRecord } from '../state/holds.ts';
import type { AcquireLease, BucketOutcome, Journal, LeaseHandle, LeaseHolder, Preflight, PreflightResult, SectionOutcome } from './types.ts';

export const DEFAULT_BUCKET_ATTEMPTS = 4;
export const DEFAULT_BUCKET_BACKOFF_MS = 200;

export interface BucketRunOptions {
  client: OssInvoker;
  desired: BucketConfig;
  /** plan: read and diff only; apply: also write, read back and verify. */
  write: boolean;
  /** Values for `${env:NAME}` secret references (resolved right before PutBucketWebsite). */
  env: Readonly<Record<string, string | undefined>>;
  lease?: AcquireLease;
  /** Stores the before-states before the first write (a killed run can still be rolled back). */
  journal?: Journal;
  /** Origin checks of new or changed mirror rules: before the website write, and shown by a plan. */
  preflight?: Preflight;
  /**
   * Drift correction: whether the bucket is on hold (after a rollback), asked under the bucket's lease right
   * before the first write; a held bucket is left as it is and reported (`held`).
   */
  holdCheck?: () => Promise<HoldRecord | undefined>;
  /** Whole-bucket rounds when a read-back differs or another run holds the lease (re-read, re-plan, write what still differs). */
  maxAttempts?: number;
  backoffMs?: number;
  call?: CallOptions;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Full jitter before round `attempt + 1`. */
const backoff = (o: BucketRunOptions, attempt: number): number => Math.random() * (o.backoffMs ?? DEFAULT_BUCKET_BACKOFF_MS) * 2 ** (attempt - 1);

function changedSections(plan: BucketPlan): SectionName[] {
  return ALL_SECTIONS.filter((s) => plan[s].action !== 'none');
}

/** The bucket's config restricted to `sections` (the others unmanaged). */
function only(desired: BucketConfig, sections: readonly SectionName[]): BucketConfig {
  const out: BucketConfig = { name: desired.name, ...(desired.region ? { region: desired.region } : {}) };
  for (const s of sections) (out as unknown as Record<string, unknown>)[s] = desired[s];
  return out;
}

/**
 * The config without the sections of `onlyWhileLive` that the bucket no longer holds (compared with
 * secrets redacted on both sides: the report keeps none) and that are not already restored.
 */
function guarded(desired: BucketConfig, live: LiveBucketSettings): { desired: BucketConfig; kept: SectionName[] } {
  const expected = desired.onlyWhileLive;
  if (!expected) return { desired, kept: [] };
  const redacted = redactSecrets(live);
  const kept = ALL_SECTIONS.filter((s) => expected[s] !== undefined
    && planBucket(only({ name: desired.name, ...expected }, [s]), redacted)[s].action !== 'none'
    && planBucket(only(desired, [s]), live)[s].action !== 'none');
  return { desired: only(desired, managedSections(desired).filter((s) => !kept.includes(s))), kept };
}

async function writeSection(o: BucketRunOptions, plan: BucketPlan, section: SectionName): Promise<void> {
  const { client, call = {} } = o;
  const bucket = o.desired.name;
  const p = plan[section];
  if (section === 'website') {
    if (p.action === 'delete') await deleteBucketWebsite(client, { bucket, ...call });
    else await putBucketWebsite(client, { bucket, config: resolveWebsiteSecrets(plan.website.desired!, o.env, ['buckets', bucket, 'website']), ...call });
  } else if (section === 'cors') {
    if (p.action === 'delete') await deleteBucketCors(client, { bucket, ...call });
    else await putBucketCors(client, { bucket, config: plan.cors.desired!, ...call });
  } else {
    await putBucketReferer(client, { bucket, config: plan.referer.desired!, ...call });
  }
}

/**
 * One bucket of a run: read the managed sections (one GET each), plan, and — when writing — take the
 * bucket's lease, re-read, run the mirror pre-flight, write only the changed sections, read them back
 * and verify. The OSS client is the one retry layer for a request (transport errors, 5xx, throttling);
 * a round here is only for what it cannot see — a read-back that differs after OSS accepted the write,
 * a lease held by another run: the round re-reads and re-plans, so a section that now equals the config
 * is not sent again.
 * Before-states are those of the first plan under the lease that saw each change.
 */
export async function runBucket(o: BucketRunOptions): Promise<BucketOutcome> {
  const bucket = o.desired.name;
  const sections = managedSections(o.desired);
  const maxAttempts = o.maxAttempts ?? DEFAULT_BUCKET_ATTEMPTS;
  const sleep = o.sleep ?? defaultSleep;
  const seen = new Map<SectionName, SectionOutcome>();
  let lease: LeaseHandle | undefined;
  let wrote = false;
  let preflight: PreflightResult[] | undefined;
  let keptChanged: SectionName[] = [];
  let observed: unknown;
  const outcome = (status: BucketOutcome['status'], attempts: number, extra: Partial<BucketOutcome> = {}): BucketOutcome => ({
    bucket, status, sections: [...seen.values()], attempts, ...(preflight && preflight.length > 0 ? { preflight } : {}),
    ...(keptChanged.length > 0 ? { keptChanged } : {}), ...(observed !== undefined ? { observed } : {}), ...extra,
  });
  const deadline = o.call?.deadline;
  const late = () => deadline !== undefined && Date.now() >= deadline;
  if (late()) return outcome('failed', 0, { error: { code: 'DEADLINE_EXCEEDED', message: `${bucket}: not started, the run's time is up` } });
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        const live = await readLiveSettings(o.client, bucket, sections, o.call);
        observed ??= redactSecrets(Object.fromEntries(sections.map((s) => [s, live[s] ?? null])));
        const { desired, kept } = guarded(o.desired, live);
        keptChanged = kept;
        const plan = planBucket(desired, live);
        const changed = changedSections(plan);
        // a write whose answer was lost and that the bucket now shows done was ours: report it, with its before
        for (const s of ALL_SECTIONS) {
          const sent = seen.get(s);
          if (!sent?.unconfirmed || sent.applied || changed.includes(s)) continue;
          Object.assign(sent, { applied: true, verified: true, unconfirmed: false });
          wrote = true;
        }
        for (const s of changed) if (!seen.has(s)) seen.set(s, sectionOutcome(plan, live, s));
        if (changed.length === 0) {
          if (!wrote) seen.clear(); // another run (or nobody) made it equal: nothing of ours to report
          return outcome(wrote ? 'applied' : 'unchanged', attempt);
        }
        if (!o.write) {
          // a plan says what the pre-flight would: the apply of a failing rule without force would be refused
          if (o.preflight && changed.includes('website') && plan.website.desired) {
            preflight = await previewPreflight(o.preflight, bucket, changedMirrorRules(o.desired, plan.website.desired, live.website));
          }
          return outcome('pending', attempt);
        }
        if (!lease && o.lease) {
          const got = await o.lease(bucket);
          if ('busy' in got) {
            if (attempt >= maxAttempts || late()) return outcome('busy', attempt, { error: busyError(bucket, got.busy) });
            // another run holds it: a later round re-reads (that run may have made the bucket equal) and asks again
            seen.clear();
            await sleep(backoff(o, attempt));
            continue;
          }
          lease = got;
          // re-read under the lease: what another run wrote meanwhile is the before-state, not what we first saw
          seen.clear();
          attempt--;
          continue;
        }
        // asked under the lease: a rollback places its hold before it takes the lease, so it is seen here
        const held = await o.holdCheck?.();
        if (held) return outcome('pending', attempt, { held });
        if (changed.includes('website') && plan.website.desired) {
          preflight = await runPreflight(o.preflight, bucket, changedMirrorRules(o.desired, plan.website.desired, live.website));
        }
        await o.journal?.(bucket, [...seen.values()]);
        for (const s of changed) {
          const section = seen.get(s)!;
          try {
            await writeSection(o, plan, s);
          } catch (e) {
            // no answer, or a 5xx (which does not say the write failed), after the client's own attempts: it
            // may have taken effect; one read says whether it did, and it is never sent again from here
            const status = (e as { status?: number }).status;
            if (status !== undefined && status < 500) throw e;
            section.unconfirmed = true;
            if (!(await landed(o, live, s))) throw e;
          }
          wrote = true;
          section.applied = true;
          section.unconfirmed = false;
        }
        const differs = await readBackDiffers(o, live, changed);
        for (const s of changed) seen.get(s)!.verified = !differs.includes(s);
        if (differs.length > 0) throw new VerifyError(bucket, differs);
        return outcome('applied', attempt);
      } catch (err) {
        if (!(err instanceof VerifyError) || attempt >= maxAttempts || late()) {
          if (err instanceof PreflightError) preflight = err.results;
          return outcome('failed', attempt, { error: describeError(err) });
        }
        await sleep(backoff(o, attempt));
      }
    }
  } finally {
    await lease?.release().catch(() => undefined);
  }
}

/** Reads `sections` back (one GET each) and returns those that still differ from the config. */
async function readBackDiffers(o: BucketRunOptions, live: LiveBucketSettings, sections: readonly SectionName[]): Promise<SectionName[]> {
  const back = await readLiveSettings(o.client, o.desired.name, sections, o.call);
  return changedSections(planBucket(only(o.desired, sections), { ...live, ...back }));
}

/** Whether a write whose answer was lost took effect: the section now plans empty against the config. */
async function landed(o: BucketRunOptions, live: LiveBucketSettings, section: SectionName): Promise<boolean> {
  try {
    return (await readBackDiffers(o, live, [section])).length === 0;
  } catch {
    return false;
  }
}

const PLAIN = /^[\w.:+-]{1,128}$/;

/** BUCKET_BUSY, naming the holder and how to end the lease of a run that was killed. */
function busyError(bucket: string, holder: LeaseHolder): NonNullable<BucketOutcome['error']> {
  const facts = [
    holder.runId && PLAIN.test(holder.runId) ? `run ${holder.runId}` : undefined,
    holder.expiresAt && PLAIN.test(holder.expiresAt) ? `until ${holder.expiresAt}` : undefined,
  ].filter((f): f is string => f !== undefined);
  return {
    code: 'BUCKET_BUSY', message: `${bucket}: another run holds the lease${facts.length ? ` (${facts.join(', ')})` : ''}`,
    hint: `if that run was killed: ossedge lease break --job apply-config --bucket ${bucket}, then roll it back or rerun`,
  };
}

function sectionOutcome(plan: BucketPlan, live: LiveBucketSettings, s: SectionName): SectionOutcome {
  const p = plan[s];
  const before = s === 'referer' ? live.referer ?? null : live[s];
  return {
    section: s, action: p.action, applied: false,
    changes: p.changes, text: p.text, warnings: p.warnings,
    before: redactSecrets(before ?? null), after: redactSecrets(p.desired ?? null),
  };
}
