import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../../local/oss-emulator/index.ts';
import { copyObject, deleteObject, getBucketCors, getBucketReferer, getBucketWebsite, getObject, putBucketCors, putBucketReferer, putBucketWebsite, putObject } from '../../../shared/oss/index.ts';
import { ossClient } from '../../helpers/emulator.ts';

/** --data in-process: settings and objects survive a restart; deletes remove files; stray files are ignored. */

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function bytes(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe('data directory', () => {
  it('does keep settings, objects, metadata and ranges across a restart, and forget deleted objects', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ossedge-persist-'));
    dirs.push(dataDir);
    const first = await startEmulator({ dataDir, dataPlane: false });
    const c1 = ossClient(first);
    first.seed.createBucket('keep', { acl: 'public-read' });
    const website = { indexDocument: { suffix: 'index.html' }, errorDocument: { key: '404.html', httpStatus: 404 } };
    const cors = { rules: [{ allowedOrigin: ['*'], allowedMethod: ['GET'] }] };
    const referer = { allowEmptyReferer: false, refererList: ['https://*.example.com'] };
    await putBucketWebsite(c1, { bucket: 'keep', config: website });
    await putBucketCors(c1, { bucket: 'keep', config: cors });
    await putBucketReferer(c1, { bucket: 'keep', config: referer });
    const body = Buffer.from(Array.from({ length: 5000 }, (_, i) => i % 251));
    await putObject(c1, { bucket: 'keep', key: 'bin/data.bin', body, contentType: 'application/x-bin', metadata: { tag: 'v1' } });
    await copyObject(c1, { bucket: 'keep', key: 'bin/copy.bin', sourceKey: 'bin/data.bin' });
    await putObject(c1, { bucket: 'keep', key: 'gone.txt', body: 'bye' });
    await deleteObject(c1, { bucket: 'keep', key: 'gone.txt' });
    const before = first.seed.getObject('keep', 'bin/data.bin')!;
    await first.close();
    writeFileSync(join(dataDir, 'buckets', 'keep', 'objects', 'stray.obj'), 'not an object file');

    const second = await startEmulator({ dataDir, dataPlane: false });
    const c2 = ossClient(second);
    expect(second.store.rejectedFiles).toBe(1);
    expect(second.store.bucket('keep')!.state.acl).toBe('public-read');
    expect(await getBucketWebsite(c2, { bucket: 'keep' })).toEqual(website);
    expect(await getBucketCors(c2, { bucket: 'keep' })).toEqual(cors);
    expect(await getBucketReferer(c2, { bucket: 'keep' })).toEqual(referer);
    const after = second.seed.getObject('keep', 'bin/data.bin')!;
    expect({ ...after, file: undefined }).toEqual({ ...before, file: undefined });
    for (const key of ['bin/data.bin', 'bin/copy.bin']) {
      const got = await getObject(c2, { bucket: 'keep', key });
      if (got.notModified) throw new Error('unexpected 304');
      expect((await bytes(got.body)).equals(body)).toBe(true);
      expect(got.metadata).toMatchObject({ contentType: 'application/x-bin', meta: { tag: 'v1' } });
    }
    const part = await getObject(c2, { bucket: 'keep', key: 'bin/data.bin', range: { start: 4990 } });
    if (part.notModified) throw new Error('unexpected 304');
    expect((await bytes(part.body)).equals(body.subarray(4990))).toBe(true);
    expect(second.seed.getObject('keep', 'gone.txt')).toBeUndefined();
    expect(readdirSync(join(dataDir, 'buckets', 'keep', 'objects')).filter((f) => f !== 'stray.obj')).toHaveLength(2);
    await second.close();
  });
});

describe('data directory, x-oss-forbid-overwrite', () => {
  it('lets exactly one of 10 concurrent creates of one key succeed (the others get FileAlreadyExists)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ossedge-persist-'));
    dirs.push(dataDir);
    const emu = await startEmulator({ dataDir, dataPlane: false });
    try {
      const c = ossClient(emu);
      emu.seed.createBucket('locks');
      const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) =>
        putObject(c, { bucket: 'locks', key: '_state/leases/b.json', body: `holder ${i}`, forbidOverwrite: true })));
      const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
      expect(won).toHaveLength(1);
      expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(Array(9).fill('FileAlreadyExists'));
      // the object holds the winner's body, on disk as in memory
      const got = await getObject(c, { bucket: 'locks', key: '_state/leases/b.json' });
      if (got.notModified) throw new Error('unexpected 304');
      expect((await bytes(got.body)).toString()).toBe(`holder ${won[0]}`);
    } finally {
      await emu.close();
    }
  });
});
