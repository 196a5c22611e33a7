// The manifest: origin validators ossedge saw for each copy it judged equal to its origin, so that the
// next run can ask the origin conditionally and notice validators that changed. One folder per key range
// ("prefix shard"); each run writes a new generation as numbered segments in key order (one per listing
// page) and switches `current.json` to it only when the range was scanned to its end. Reading is a merge
// join with the listing: one segment in memory at a time, never the whole manifest.
import { listObjectsV2 } from '../oss/ops/list.ts';
import type { OssInvoker } from '../oss/ops/common.ts';
import { deleteQuietly, readJson, writeJson } from '../state/oss-json.ts';
import { compareKeys } from './keys.ts';

export interface ManifestEntry {
  key: string;
  /** The copy's ETag and size when the entry was written. */
  copyEtag?: string;
  size: number;
  originEtag?: string;
  originLastModified?: string;
}

type Row = [key: string, copyEtag: string | null, size: number, originEtag: string | null, originLastModified: string | null];

interface Segment {
  v: 1;
  rows: Row[];
}

const SEQ_DIGITS = 9;

export function manifestFolder(statePrefix: string, rangeId: string): string {
  return `${statePrefix}manifest/${rangeId}/`;
}

const segmentKey = (folder: string, gen: string, seq: number) => `${folder}${gen}/${String(seq).padStart(SEQ_DIGITS, '0')}.json`;

const toRow = (e: ManifestEntry): Row => [e.key, e.copyEtag ?? null, e.size, e.originEtag ?? null, e.originLastModified ?? null];
const fromRow = (r: Row): ManifestEntry => ({
  key: r[0], size: r[2],
  ...(r[1] !== null ? { copyEtag: r[1] } : {}), ...(r[3] !== null ? { originEtag: r[3] } : {}), ...(r[4] !== null ? { originLastModified: r[4] } : {}),
});

/** The generation `current.json` points at, if any. */
export async function currentGeneration(client: OssInvoker, bucket: string, folder: string): Promise<string | undefined> {
  const p = await readJson<{ generation?: string }>(client, bucket, `${folder}current.json`);
  return typeof p?.generation === 'string' ? p.generation : undefined;
}

/** Sequential lookups of ascending keys in one generation. */
export class ManifestReader {
  private readonly segments: AsyncGenerator<string>;
  private rows: Row[] = [];
  private index = 0;
  private exhausted = false;

  constructor(private readonly client: OssInvoker, private readonly bucket: string, folder: string, generation: string | undefined) {
    this.segments = generation === undefined ? (async function* () {})() : segmentKeys(client, bucket, `${folder}${generation}/`);
    if (generation === undefined) this.exhausted = true;
  }

  /** The entry for `key`; keys must be asked in ascending order. */
  async lookup(key: string): Promise<ManifestEntry | undefined> {
    for (;;) {
      while (this.index < this.rows.length && compareKeys(this.rows[this.index]![0], key) < 0) this.index++;
      if (this.index < this.rows.length) {
        const row = this.rows[this.index]!;
        return row[0] === key ? fromRow(row) : undefined;
      }
      if (this.exhausted) return undefined;
      const next = await this.segments.next();
      if (next.done) {
        this.exhausted = true;
        return undefined;
      }
      const seg = await readJson<Segment>(this.client, this.bucket, next.value);
      this.rows = Array.isArray(seg?.rows) ? seg.rows : [];
      this.index = 0;
    }
  }
}

async function* segmentKeys(client: OssInvoker, bucket: string, prefix: string): AsyncGenerator<string> {
  for await (const page of listObjectsV2(client, { bucket, prefix, maxKeys: 1000 })) {
    for (const o of page.contents) if (o.key.endsWith('.json')) yield o.key;
  }
}

/** Appends entries of a new generation; `flush()` writes one segment. */
export class ManifestWriter {
  private rows: Row[] = [];

  constructor(private readonly client: OssInvoker, private readonly bucket: string, private readonly folder: string, readonly generation: string, public seq: number) {}

  add(entry: ManifestEntry): void {
    this.rows.push(toRow(entry));
  }

  async flush(): Promise<void> {
    if (this.rows.length === 0) return;
    const seg: Segment = { v: 1, rows: this.rows };
    await writeJson(this.client, this.bucket, segmentKey(this.folder, this.generation, this.seq), seg);
    this.seq += 1;
    this.rows = [];
  }

  /**
   * Makes this generation current, then deletes every other generation of the folder. Returns how many old
   * segments could not be deleted (the next commit tries again); throws only when the switch itself failed.
   */
  async commit(): Promise<{ notPruned: number }> {
    await this.flush();
    await writeJson(this.client, this.bucket, `${this.folder}current.json`, { generation: this.generation, committedAt: new Date().toISOString() });
    const keep = `${this.folder}${this.generation}/`;
    const old: string[] = [];
    let notPruned = 0;
    try {
      for await (const page of listObjectsV2(this.client, { bucket: this.bucket, prefix: this.folder, maxKeys: 1000 })) {
        for (const o of page.contents) if (o.key.startsWith(keep) === false && o.key !== `${this.folder}current.json`) old.push(o.key);
        // delete page by page so a huge old generation is never held in memory
        while (old.length > 0) await deleteQuietly(this.client, this.bucket, old.pop()!).catch(() => void (notPruned += 1));
      }
    } catch {
      notPruned += 1; // the listing failed: what is left is unknown, the next commit lists again
    }
    return { notPruned };
  }
}
