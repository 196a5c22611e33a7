import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OssClientError } from '../../../../shared/oss/errors.ts';
import { getObject, putObject } from '../../../../shared/oss/ops/object.ts';
import { getBucketWebsite } from '../../../../shared/oss/ops/website.ts';
import { delayHeaders, reply } from '../../../helpers/loopback-server.ts';
import { BUCKET, startStub, type Stub } from './harness.ts';

let stub: Stub;
beforeAll(async () => void (stub = await startStub()));
afterAll(async () => stub.close());

async function failure(p: Promise<unknown>): Promise<OssClientError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(OssClientError);
  return err as OssClientError;
}

describe('call options', () => {
  it('does abort a slow GET when the caller aborts', async () => {
    stub.server.enqueue(delayHeaders(2_000, reply(200, '<WebsiteConfiguration/>')));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const err = await failure(getBucketWebsite(stub.client, { bucket: BUCKET, signal: controller.signal }));
    expect(err.code).toBe('ABORTED');
    expect(err.op).toBe('GetBucketWebsite');
  });

  it('does stop at the deadline', async () => {
    stub.server.enqueue(delayHeaders(2_000, reply(200, 'x')));
    const err = await failure(getObject(stub.client, { bucket: BUCKET, key: 'k', deadline: Date.now() + 100 }));
    expect(err.code).toBe('TIMEOUT');
  });

  it('does refuse an invalid bucket name before sending', async () => {
    const before = stub.server.requests.length;
    const err = await failure(putObject(stub.client, { bucket: 'Not_A_Bucket', key: 'k', body: 'x' }));
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(stub.server.requests.length).toBe(before);
  });
});
