// ListObjectsV2 page parsing: listObjectsFromXml (single-pass scanner, general codec as fallback) vs
// the general codec alone (fast-xml-parser + well-formedness pass), on the same 1000-key pages, in
// the same process. Run alone: `npx tsx bench/list-parse.ts`.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { listObjectsFromXml, listObjectsFromXmlGeneral } from '../shared/oss/xml/list-objects.ts';
import { median } from './stats.ts';

/** Keys per second of CPU time (median slice). */
export interface ListParseBenchResult {
  pageBytes: number[];
  scannerKeysPerSec: number;
  generalKeysPerSec: number;
  /** scannerKeysPerSec / generalKeysPerSec. */
  ratio: number;
}

const KEYS = 1000;
const DEFAULT_DURATION_MS = 3000;
const SLICE_MS = 100;

/** A 1000-key page as OSS sends it with encoding-type=url: entity-quoted ETags, optional Owner. */
function pageXml(seed: number, owner: boolean, etagQuote: string): string {
  let xml = '<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult><Name>media-bucket</Name><Prefix>photos%2F</Prefix>';
  xml += '<MaxKeys>1000</MaxKeys><Delimiter></Delimiter><EncodingType>url</EncodingType><IsTruncated>true</IsTruncated>';
  xml += '<NextContinuationToken>CgxwaG90b3MvMDAxMDAw</NextContinuationToken>';
  const ownerXml = owner ? '<Owner><ID>1686240967192623</ID><DisplayName>1686240967192623</DisplayName></Owner>' : '';
  for (let i = 0; i < KEYS; i++) {
    const n = seed * KEYS + i;
    const key = encodeURIComponent(`photos/2024-${String((n % 12) + 1).padStart(2, '0')}/IMG ${String(n).padStart(7, '0')}.jpg`);
    const modified = new Date(Date.UTC(2024, 0, 1) + n * 61_000).toISOString();
    const etag = `${etagQuote}${(n * 2654435761).toString(16).toUpperCase().padStart(32, '0').slice(-32)}${etagQuote}`;
    xml += `<Contents><Key>${key}</Key><LastModified>${modified}</LastModified><ETag>${etag}</ETag><Type>Normal</Type>`;
    xml += `<Size>${(n * 7919) % 5_000_000}</Size><StorageClass>Standard</StorageClass>${ownerXml}</Contents>`;
  }
  return `${xml}<KeyCount>${KEYS}</KeyCount></ListBucketResult>`;
}

function keysPerCpuSecond(fn: () => void, wallMs: number): number {
  let keys = 0;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  while (performance.now() - start < wallMs) {
    fn();
    keys += KEYS;
  }
  const cpu = process.cpuUsage(cpu0);
  return (keys / Math.max(1, cpu.user + cpu.system)) * 1e6;
}


/** Checks both paths read the same pages, then measures them in alternating slices of CPU time. */
export async function benchListParse(options: { durationMs?: number; log?: (line: string) => void } = {}): Promise<ListParseBenchResult> {
  const durationMs = options.durationMs ?? DEFAULT_DURATION_MS;
  const log = options.log ?? ((line: string) => console.log(line));
  // Emulator shape (raw quotes, no Owner) and OSS shape (&quot; ETags, fetch-owner=true).
  const pages = [pageXml(0, false, '"'), pageXml(1, true, '&quot;'), pageXml(2, false, '&quot;'), pageXml(3, true, '"')];
  for (const xml of pages) {
    if (!isDeepStrictEqual(listObjectsFromXml(xml), listObjectsFromXmlGeneral(xml))) throw new Error('the two paths disagree on a page');
  }
  let a = 0;
  const runScanner = () => void listObjectsFromXml(pages[a++ % pages.length]!);
  let b = 0;
  const runGeneral = () => void listObjectsFromXmlGeneral(pages[b++ % pages.length]!);
  keysPerCpuSecond(runScanner, SLICE_MS * 2); // warm-up
  keysPerCpuSecond(runGeneral, SLICE_MS * 2);
  const scanner: number[] = [];
  const general: number[] = [];
  const slices = Math.max(4, Math.round(durationMs / SLICE_MS / 2));
  for (let i = 0; i < slices; i++) {
    scanner.push(keysPerCpuSecond(runScanner, SLICE_MS));
    general.push(keysPerCpuSecond(runGeneral, SLICE_MS));
  }
  const result: ListParseBenchResult = {
    pageBytes: pages.map((p) => Buffer.byteLength(p)),
    scannerKeysPerSec: Math.round(median(scanner)),
    generalKeysPerSec: Math.round(median(general)),
    ratio: 0,
  };
  result.ratio = Math.round((result.scannerKeysPerSec / result.generalKeysPerSec) * 10) / 10;
  log(`list-parse: ${KEYS}-key pages of ${result.pageBytes.map((n) => `${Math.round(n / 1024)} KiB`).join(', ')}`);
  log(`  listObjectsFromXml (scanner): ${result.scannerKeysPerSec.toLocaleString('en')} keys/CPU-s (${((KEYS / result.scannerKeysPerSec) * 1000).toFixed(2)} ms/page)`);
  log(`  general codec:                ${result.generalKeysPerSec.toLocaleString('en')} keys/CPU-s (${((KEYS / result.generalKeysPerSec) * 1000).toFixed(2)} ms/page)`);
  log(`  ratio: ${result.ratio}x`);
  return result;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await benchListParse();
