// `ossedge export`: the live settings of the named buckets (every visible bucket when none) as ossedge.yaml.
import { exportConfig } from '../config/index.ts';
import { mapLimit } from '../concurrency/map-limit.ts';
import { listBuckets, type OssInvoker } from '../oss/index.ts';
import { createReport, type Report } from '../report/model.ts';
import { readLiveSettings } from './live.ts';
import type { ApplyRuntime } from './runtime.ts';

export interface ExportResult extends Report {
  /** The ossedge.yaml text. */
  config: string;
}

export interface ExportOptions {
  /** The buckets to read; every bucket the credentials can list when none. */
  buckets?: string[];
  runtime: ApplyRuntime;
}

export async function exportBuckets(o: ExportOptions): Promise<ExportResult> {
  const rt = o.runtime;
  const b = createReport({ function: 'apply-config' });
  const home: OssInvoker = rt.clients.home(rt.region);
  const regions = new Map<string, string | undefined>((o.buckets ?? []).map((n) => [n, undefined]));
  if (regions.size === 0) {
    for await (const page of listBuckets(home)) for (const x of page.buckets) regions.set(x.name, x.region);
  }
  const targets = [...regions.keys()].sort();
  const none = { defaults: {} };
  const live = await mapLimit(targets, rt.concurrency ?? 16, async (name) => {
    const region = regions.get(name);
    try {
      return { name, ...(await readLiveSettings(rt.clients.forBucket(none, region ? { region } : {}, rt.region), name)) };
    } catch (e) {
      b.error(e, name);
      return undefined;
    }
  });
  const ok = live.filter((x) => x !== undefined);
  for (const x of ok) b.add({ bucket: x.name, code: 'BUCKET_EXPORTED', status: 'ok', message: `website ${x.website ? 'set' : 'none'}, CORS ${x.cors ? 'set' : 'none'}` });
  return { ...b.finish(), config: await exportConfig(ok) };
}
