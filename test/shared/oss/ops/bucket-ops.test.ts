import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createBucket,
  deleteBucket,
  getBucketAcl,
  getBucketInfo,
  getBucketLocation,
  getBucketPolicy,
  getBucketPublicAccessBlock,
  listCname,
  putBucketAcl,
} from '../../../../shared/oss/ops/bucket.ts';
import { reply } from '../../../helpers/loopback-server.ts';
import { conformanceFile } from '../xml/fixtures.ts';
import { BUCKET, lastSeen, md5Base64, startStub, XML_HEADERS, type Stub } from './harness.ts';

let stub: Stub;
beforeAll(async () => void (stub = await startStub()));
afterAll(async () => stub.close());

function answer(file: string, headers: Record<string, string> = XML_HEADERS): void {
  stub.server.enqueue(reply(200, conformanceFile(file), headers));
}

function sentTo(): { method: string; path: string; query: string } {
  const req = lastSeen(stub.server);
  return { method: req.method, path: req.path, query: [...req.query.keys()].join('&') };
}

describe('bucket read operations', () => {
  it('does return the grant and owner when the ACL is read', async () => {
    answer('GetBucketAcl.response.xml');
    expect(await getBucketAcl(stub.client, { bucket: BUCKET })).toEqual({
      acl: 'public-read',
      owner: { id: '0022012****', displayName: 'user_example' },
    });
    expect(sentTo()).toEqual({ method: 'GET', path: `/${BUCKET}/`, query: 'acl' });
  });

  it('does return the bucket info from ?bucketInfo', async () => {
    answer('GetBucketInfo.response.xml');
    const info = await getBucketInfo(stub.client, { bucket: BUCKET });
    expect(info).toMatchObject({ name: 'oss-example', location: 'oss-cn-hangzhou', accessControlList: { grant: 'private' } });
    expect(info.creationDate?.toISOString()).toBe('2013-07-31T10:56:21.000Z');
    expect(sentTo().query).toBe('bucketInfo');
  });

  it('does return the location constraint', async () => {
    answer('GetBucketLocation.response.xml');
    expect(await getBucketLocation(stub.client, { bucket: BUCKET })).toBe('oss-cn-hangzhou');
    expect(sentTo().query).toBe('location');
  });

  it('does return the policy as JSON and raw text', async () => {
    answer('GetBucketPolicy.response.json', { 'content-type': 'application/json' });
    const policy = await getBucketPolicy(stub.client, { bucket: BUCKET });
    expect(policy.raw).toBe(conformanceFile('GetBucketPolicy.response.json'));
    expect((policy.policy as { Version: string }).Version).toBe('1');
    expect(sentTo().query).toBe('policy');
  });

  it('does return the public access block', async () => {
    answer('GetBucketPublicAccessBlock.response.xml');
    expect(await getBucketPublicAccessBlock(stub.client, { bucket: BUCKET })).toEqual({ blockPublicAccess: true });
    expect(sentTo().query).toBe('publicAccessBlock');
  });

  it('does list the bucket cnames', async () => {
    answer('ListCname.response.xml');
    const result = await listCname(stub.client, { bucket: BUCKET });
    expect(result.cnames.map((c) => c.domain)).toEqual(['example.com', 'example.org', 'example.edu']);
    expect(sentTo().query).toBe('cname');
  });
});

describe('bucket write operations', () => {
  it('does send x-oss-acl when the ACL is put', async () => {
    stub.server.enqueue(reply(200, ''));
    await putBucketAcl(stub.client, { bucket: BUCKET, acl: 'public-read' });
    const req = lastSeen(stub.server);
    expect([req.method, [...req.query.keys()].join(), req.headers['x-oss-acl'], req.body]).toEqual(['PUT', 'acl', 'public-read', '']);
  });

  it('does create a bucket with an ACL header and no body when no configuration is given', async () => {
    stub.server.enqueue(reply(200, ''));
    await createBucket(stub.client, { bucket: BUCKET, acl: 'private' });
    const req = lastSeen(stub.server);
    expect([req.method, req.path, [...req.query.keys()].length, req.headers['x-oss-acl'], req.body]).toEqual(['PUT', `/${BUCKET}/`, 0, 'private', '']);
  });

  it('does create a bucket with a CreateBucketConfiguration body and its MD5', async () => {
    stub.server.enqueue(reply(200, ''));
    await createBucket(stub.client, { bucket: BUCKET, storageClass: 'IA', dataRedundancyType: 'ZRS', resourceGroupId: 'rg-1' });
    const req = lastSeen(stub.server);
    expect(req.body).toBe('<CreateBucketConfiguration><StorageClass>IA</StorageClass><DataRedundancyType>ZRS</DataRedundancyType></CreateBucketConfiguration>');
    expect(req.headers['content-md5']).toBe(md5Base64(req.body));
    expect(req.headers['x-oss-resource-group-id']).toBe('rg-1');
    expect(req.headers['x-oss-acl']).toBeUndefined();
  });

  it('does DELETE the bucket', async () => {
    stub.server.enqueue(reply(204, ''));
    await deleteBucket(stub.client, { bucket: BUCKET });
    expect(sentTo()).toEqual({ method: 'DELETE', path: `/${BUCKET}/`, query: '' });
  });
});
