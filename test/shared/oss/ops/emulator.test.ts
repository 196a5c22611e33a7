import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OssClient } from '../../../../shared/oss/client.ts';
import { DEFAULT_REFERER_CONFIGURATION } from '../../../../shared/oss/models/referer.ts';
import {
  copyObject,
  createBucket,
  deleteBucketCors,
  deleteBucketWebsite,
  deleteMultipleObjects,
  deleteObject,
  getBucketAcl,
  getBucketCors,
  getBucketInfo,
  getBucketLocation,
  getBucketReferer,
  getBucketWebsite,
  getObject,
  headObject,
  isOssErrorCode,
  listBuckets,
  listObjectsV2,
  putBucketAcl,
  putBucketCors,
  putBucketReferer,
  putBucketWebsite,
  putObject,
} from '../../../../shared/oss/index.ts';
import { ossClient, useEmulator } from '../../../helpers/emulator.ts';
import { FULL_CORS, FULL_REFERER, FULL_WEBSITE } from '../xml/full-models.ts';

// The same ops against the OSS emulator (real signing, real store): what we PUT is what we GET.
// The full codec models set every field; OSS (and the emulator) also check combinations, so the
// stored variants drop ReplaceKeyWith (exclusive with ReplaceKeyPrefixWith) and keep TruncatePath
// with AllowTruncateQueryString.
const [richRule, ...otherRules] = FULL_WEBSITE.routingRules!;
const { replaceKeyWith: _exclusive, ...richRedirect } = richRule!.redirect;
const WEBSITE = { ...FULL_WEBSITE, routingRules: [{ ...richRule!, redirect: richRedirect }, ...otherRules] };
const REFERER = { ...FULL_REFERER, allowTruncateQueryString: true };

const emu = useEmulator();
let client: OssClient;
const BUCKET = 'ops-e2e';

beforeAll(async () => {
  client = ossClient(emu());
  await createBucket(client, { bucket: BUCKET, acl: 'private' });
});

afterAll(async () => {
  await client?.close();
});

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  return p.then(
    () => undefined,
    (err: unknown) => (isOssErrorCode(err, (err as { code: string }).code) ? (err as { code: string }).code : String(err)),
  );
}

describe('ops against the emulator', () => {
  it('does read back every website field it put, and 404 after delete', async () => {
    await putBucketWebsite(client, { bucket: BUCKET, config: WEBSITE });
    expect(await getBucketWebsite(client, { bucket: BUCKET })).toEqual(WEBSITE);
    await deleteBucketWebsite(client, { bucket: BUCKET });
    expect(await codeOf(getBucketWebsite(client, { bucket: BUCKET }))).toBe('NoSuchWebsiteConfiguration');
  });

  it('does read back CORS and Referer as put', async () => {
    await putBucketCors(client, { bucket: BUCKET, config: FULL_CORS });
    expect(await getBucketCors(client, { bucket: BUCKET })).toEqual(FULL_CORS);
    await deleteBucketCors(client, { bucket: BUCKET });
    expect(await codeOf(getBucketCors(client, { bucket: BUCKET }))).toBe('NoSuchCORSConfiguration');
    await putBucketReferer(client, { bucket: BUCKET, config: REFERER });
    expect(await getBucketReferer(client, { bucket: BUCKET })).toEqual(REFERER);
    await putBucketReferer(client, { bucket: BUCKET, config: DEFAULT_REFERER_CONFIGURATION });
    expect(await getBucketReferer(client, { bucket: BUCKET })).toEqual(DEFAULT_REFERER_CONFIGURATION);
  });

  it('does read bucket ACL, info, location and find the bucket in ListBuckets', async () => {
    await putBucketAcl(client, { bucket: BUCKET, acl: 'public-read' });
    expect((await getBucketAcl(client, { bucket: BUCKET })).acl).toBe('public-read');
    expect((await getBucketInfo(client, { bucket: BUCKET })).name).toBe(BUCKET);
    expect(await getBucketLocation(client, { bucket: BUCKET })).toBe(`oss-${emu().region}`);
    const names: string[] = [];
    for await (const page of listBuckets(client)) names.push(...page.buckets.map((b) => b.name));
    expect(names).toContain(BUCKET);
  });

  it('does put, head, get a range, copy, list, and delete objects', async () => {
    const key = 'dir/a b+c&d.txt';
    const put = await putObject(client, { bucket: BUCKET, key, body: 'hello world', contentType: 'text/plain', contentMd5: true, metadata: { origin: 'x' } });
    expect(put.etag).toMatch(/^[0-9A-F]{32}$/);
    expect(await codeOf(putObject(client, { bucket: BUCKET, key, body: 'again', forbidOverwrite: true }))).toBe('FileAlreadyExists');

    const head = await headObject(client, { bucket: BUCKET, key });
    expect(head).toMatchObject({ size: 11, etag: put.etag, contentType: 'text/plain', meta: { origin: 'x' }, notModified: false });

    const part = await getObject(client, { bucket: BUCKET, key, range: { start: 6 } });
    expect(part.notModified).toBe(false);
    if (!part.notModified) expect([part.status, await text(part.body), part.metadata.size]).toEqual([206, 'world', 11]);
    const cached = await getObject(client, { bucket: BUCKET, key, ifNoneMatch: `"${put.etag}"` });
    expect(cached.notModified).toBe(true);

    const copy = await copyObject(client, { bucket: BUCKET, key: 'dir/copy.txt', sourceKey: key, metadataDirective: 'REPLACE', metadata: { fresh: '1' } });
    expect(copy.etag).toBe(put.etag);
    expect((await headObject(client, { bucket: BUCKET, key: 'dir/copy.txt' })).meta).toEqual({ fresh: '1' });

    await putObject(client, { bucket: BUCKET, key: 'dir/sub/z.txt', body: new Uint8Array([1, 2, 3]) });
    const keys: string[] = [];
    const prefixes: string[] = [];
    for await (const page of listObjectsV2(client, { bucket: BUCKET, prefix: 'dir/', delimiter: '/', maxKeys: 1 })) {
      keys.push(...page.contents.map((c) => c.key));
      prefixes.push(...page.commonPrefixes);
    }
    expect(keys.sort()).toEqual(['dir/a b+c&d.txt', 'dir/copy.txt']);
    expect(prefixes).toEqual(['dir/sub/']);

    const deleted = await deleteMultipleObjects(client, { bucket: BUCKET, objects: [key, 'dir/copy.txt'] });
    expect(deleted.deleted.map((d) => d.key).sort()).toEqual([key, 'dir/copy.txt']);
    await deleteObject(client, { bucket: BUCKET, key: 'dir/sub/z.txt' });
    expect(await codeOf(headObject(client, { bucket: BUCKET, key }))).toBe('NoSuchKey');
  });
});
