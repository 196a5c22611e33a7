import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** ../shared beside the repo root, found from this file so any clone with ../shared works. */
export function sharedPath(relative: string): string {
  return fileURLToPath(new URL(`../../../../../shared/${relative}`, import.meta.url));
}

export function readShared(relative: string): string {
  return readFileSync(sharedPath(relative), 'utf8');
}

/** `a=1&b&c=%2F` → raw pairs (no `+`-as-space: the captures and vectors use %20). */
export function parseQuery(search: string): Array<[string, string]> {
  if (search === '') return [];
  return search.split('&').map((part) => {
    const eq = part.indexOf('=');
    return eq < 0
      ? [decodeURIComponent(part), '']
      : [decodeURIComponent(part.slice(0, eq)), decodeURIComponent(part.slice(eq + 1))];
  });
}

export interface CapturedRequest {
  /** From the section line: V4 or V1, credentials and region. */
  section: { v4: boolean; accessKeyId: string; accessKeySecret: string; stsToken: string; region: string };
  method: string;
  /** Path and query as on the wire, e.g. `/bucket/a%20b.txt` and `acl=`. */
  path: string;
  search: string;
  /** Header lines in order, names as captured (lower-case). */
  headers: Array<[string, string]>;
  body: string;
}

function parseSection(line: string): CapturedRequest['section'] {
  const fields = new Map<string, string>();
  for (const part of line.replace(/^=+\s*/, '').split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const need = (k: string): string => {
    const v = fields.get(k);
    if (v === undefined) throw new Error(`capture section line lacks ${k}: ${line}`);
    return v;
  };
  return {
    v4: need('authorizationV4') === 'true',
    accessKeyId: need('accessKeyId'),
    accessKeySecret: need('accessKeySecret'),
    stsToken: need('stsToken'),
    region: need('region'),
  };
}

/**
 * Parses ali-oss-requests.txt: `===== <section>` lines, then per request `--- METHOD path[?query]`,
 * `name: value` header lines, a blank line, and an optional body running to the next marker.
 */
export function parseCapture(text: string): CapturedRequest[] {
  const lines = text.split('\n');
  const out: CapturedRequest[] = [];
  let section: CapturedRequest['section'] | undefined;
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] as string;
    if (line.startsWith('=====')) {
      section = parseSection(line);
      i++;
      continue;
    }
    if (!line.startsWith('--- ')) {
      i++;
      continue;
    }
    if (section === undefined) throw new Error('request before any section line');
    const [method, target] = line.slice(4).split(' ') as [string, string];
    const q = target.indexOf('?');
    const req: CapturedRequest = {
      section,
      method,
      path: q < 0 ? target : target.slice(0, q),
      search: q < 0 ? '' : target.slice(q + 1),
      headers: [],
      body: '',
    };
    i++;
    for (; i < lines.length && lines[i] !== ''; i++) {
      const h = lines[i] as string;
      const colon = h.indexOf(':');
      req.headers.push([h.slice(0, colon).trim(), h.slice(colon + 1).trim()]);
    }
    const body: string[] = [];
    for (i++; i < lines.length && !lines[i]!.startsWith('--- ') && !lines[i]!.startsWith('====='); i++) {
      body.push(lines[i] as string);
    }
    while (body.length > 0 && body[body.length - 1] === '') body.pop();
    req.body = body.join('\n');
    out.push(req);
  }
  return out;
}
