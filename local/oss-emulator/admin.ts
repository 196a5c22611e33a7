import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultRule } from './faults.ts';
import type { EmulatorHandle } from './index.ts';
import { ADMIN_PREFIX } from './server.ts';
import type { BucketAcl, CnameEntry } from './types.ts';

/**
 * The admin endpoint (off unless `adminEnabled` / `--admin`), JSON in and out, never signed:
 *   GET    /-/admin/log                 request log entries
 *   DELETE /-/admin/log                 reset log and counters
 *   GET    /-/admin/counters            counters
 *   GET    /-/admin/faults              current fault rules
 *   PUT    /-/admin/faults              replace rules (a rule or a list; body {"seed": n, "rules": [...]} also accepted)
 *   DELETE /-/admin/faults              clear rules
 *   PUT    /-/admin/buckets/NAME        create a bucket ({"acl": "public-read"})
 *   PUT    /-/admin/buckets/NAME/cnames ([{"domain": "cdn.example.com"}])
 *   PUT    /-/admin/buckets/NAME/public-access-block  ({"blockPublicAccess": true})
 */

const MAX_ADMIN_BODY = 1024 * 1024;

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > MAX_ADMIN_BODY) throw new TypeError('body too large');
    chunks.push(c);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text.trim() === '' ? {} : (JSON.parse(text) as unknown);
}

function json(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

export function createAdminHandler(emu: () => EmulatorHandle): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const path = (req.url ?? '').split('?')[0]!.slice(ADMIN_PREFIX.length);
    const method = req.method ?? 'GET';
    const e = emu();
    try {
      if (path === 'log' && method === 'GET') return json(res, 200, e.requestLog());
      if (path === 'log' && method === 'DELETE') {
        e.resetLog();
        return json(res, 200, { ok: true });
      }
      if (path === 'counters' && method === 'GET') return json(res, 200, e.counters());
      if (path === 'faults' && method === 'GET') return json(res, 200, e.faults.list());
      if (path === 'faults' && method === 'DELETE') {
        e.faults.clear();
        return json(res, 200, { ok: true });
      }
      if (path === 'faults' && method === 'PUT') {
        const body = (await readJson(req)) as { seed?: number; rules?: FaultRule[] } | FaultRule | FaultRule[];
        if (!Array.isArray(body) && 'rules' in body && body.rules) {
          if (typeof body.seed === 'number') e.faults.seed(body.seed);
          e.faults.set(body.rules);
        } else e.faults.set(body as FaultRule | FaultRule[]);
        return json(res, 200, e.faults.list());
      }
      const m = /^buckets\/([^/]+)(?:\/(cnames|public-access-block))?$/.exec(path);
      if (m && method === 'PUT') {
        const name = decodeURIComponent(m[1]!);
        const body = await readJson(req);
        if (!m[2]) e.seed.createBucket(name, { acl: (body as { acl?: BucketAcl }).acl });
        else if (m[2] === 'cnames') e.seed.setCnames(name, body as CnameEntry[]);
        else e.seed.setPublicAccessBlock(name, (body as { blockPublicAccess?: boolean }).blockPublicAccess === true);
        return json(res, 200, { ok: true });
      }
      return json(res, 404, { error: 'NotFound', message: `no admin route ${method} ${ADMIN_PREFIX}${path}` });
    } catch (err) {
      return json(res, 400, { error: 'BadRequest', message: (err as Error).message });
    }
  };
}
