import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, writeFileSync } from 'node:fs';
import { get, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCapped, readFileCapped, TooLargeError } from '../../../shared/state/capped-read.ts';
import { startLoopbackServer, type LoopbackServer } from '../../helpers/loopback-server.ts';

const LIMIT = 1000;
let server: LoopbackServer;
let dir: string;

beforeAll(async () => {
  server = await startLoopbackServer();
  dir = mkdtempSync(join(tmpdir(), 'ossedge-capped-'));
});
afterAll(() => server?.close());

const response = (path = '/'): Promise<IncomingMessage> => new Promise((resolve, reject) => get(`${server.url}${path}`, resolve).on('error', reject));

/** Chunked answer (no Content-Length) of `sizes` bytes per write. */
const chunked = (sizes: number[]) => (_req: unknown, res: ServerResponse) => {
  res.writeHead(200, { 'transfer-encoding': 'chunked' });
  for (const n of sizes) res.write(Buffer.alloc(n, 0x61));
  res.end();
};

describe('readCapped over a loopback HTTP response', () => {
  it('returns every byte of a body of exactly the limit', async () => {
    server.enqueue(chunked([600, 400]));
    const bytes = await readCapped(await response(), { limit: LIMIT, source: 'loopback' });
    expect(bytes.length).toBe(LIMIT);
  });

  it('refuses, never truncates, when the chunk that crosses the limit arrives (limit + 1 bytes)', async () => {
    server.enqueue(chunked([600, 401]));
    const err = await readCapped(await response(), { limit: LIMIT, source: 'oss://cfg/ossedge.yaml' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TooLargeError);
    expect(err).toMatchObject({ code: 'TOO_LARGE', limit: LIMIT, source: 'oss://cfg/ossedge.yaml', message: 'oss://cfg/ossedge.yaml is larger than 1000 bytes' });
  });

  it('refuses a declared Content-Length over the limit before reading, and frees the connection', async () => {
    const closed = new Promise<void>((resolve) => server.enqueue((_req, res) => {
      res.on('close', () => resolve());
      res.writeHead(200, { 'content-length': String(50 * LIMIT) });
      res.write(Buffer.alloc(LIMIT / 2));
    }));
    const res = await response();
    await expect(readCapped(res, { limit: LIMIT, source: 'x', declaredLength: Number(res.headers['content-length']) })).rejects.toMatchObject({ code: 'TOO_LARGE', size: 50 * LIMIT });
    await closed;
    expect(res.destroyed).toBe(true);
  });

  it('stops a body that never ends after at most the limit and one chunk, closing the connection', async () => {
    let sent = 0;
    const closed = new Promise<void>((resolve) => server.enqueue((_req, res) => {
      res.writeHead(200);
      const timer = setInterval(() => { res.write(Buffer.alloc(256)); sent += 256; }, 1);
      res.on('close', () => { clearInterval(timer); resolve(); });
    }));
    await expect(readCapped(await response(), { limit: LIMIT, source: 'endless' })).rejects.toBeInstanceOf(TooLargeError);
    await closed;
    expect(sent).toBeLessThan(64 * 1024);
  });
});

describe('readFileCapped', () => {
  it('reads a file of exactly the limit and refuses one byte more (size from stat)', async () => {
    const at = join(dir, 'at.yaml');
    const over = join(dir, 'over.yaml');
    writeFileSync(at, Buffer.alloc(LIMIT, 0x62));
    writeFileSync(over, Buffer.alloc(LIMIT + 1, 0x62));
    expect((await readFileCapped(at, { limit: LIMIT, source: at })).length).toBe(LIMIT);
    await expect(readFileCapped(over, { limit: LIMIT, source: over })).rejects.toMatchObject({ code: 'TOO_LARGE', size: LIMIT + 1, message: `${over} is ${LIMIT + 1} bytes, more than ${LIMIT}` });
  });

  it('refuses /dev/zero, whose stat size is 0, after reading at most limit + 1 bytes', async () => {
    await expect(readFileCapped('/dev/zero', { limit: LIMIT, source: '/dev/zero' })).rejects.toMatchObject({ code: 'TOO_LARGE', source: '/dev/zero' });
  });

  it('refuses a FIFO fed more than the limit, and reads a short one whole', async () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const feed = (bytes: number) => {
      const w = createWriteStream(fifo);
      w.on('error', () => undefined); // EPIPE once the reader gave up
      w.end(Buffer.alloc(bytes, 0x63));
    };
    feed(5 * LIMIT);
    await expect(readFileCapped(fifo, { limit: LIMIT, source: fifo })).rejects.toBeInstanceOf(TooLargeError);
    feed(10);
    expect((await readFileCapped(fifo, { limit: LIMIT, source: fifo })).toString()).toBe('c'.repeat(10));
  });

  it('passes file-system errors through with their code', async () => {
    await expect(readFileCapped(join(dir, 'missing.yaml'), { limit: LIMIT, source: 'missing' })).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(readFileCapped(dir, { limit: LIMIT, source: 'dir' })).rejects.toMatchObject({ code: 'EISDIR' });
  });
});
