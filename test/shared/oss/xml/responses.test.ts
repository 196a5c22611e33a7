import { describe, expect, it } from 'vitest';
import { aclFromXml, aclToXml, bucketInfoFromXml, bucketInfoToXml, locationFromXml, locationToXml, publicAccessBlockFromXml, publicAccessBlockToXml } from '../../../../shared/oss/xml/bucket.ts';
import { listCnameFromXml, listCnameToXml } from '../../../../shared/oss/xml/cname.ts';
import { XmlCodecError } from '../../../../shared/oss/xml/errors.ts';
import { listBucketsFromXml, listBucketsToXml } from '../../../../shared/oss/xml/list-buckets.ts';
import { listObjectsFromXml, listObjectsToXml } from '../../../../shared/oss/xml/list-objects.ts';
import {
  copyObjectResultFromXml,
  copyObjectResultToXml,
  deleteRequestFromXml,
  deleteRequestToXml,
  deleteResultFromXml,
  deleteResultToXml,
} from '../../../../shared/oss/xml/object.ts';
import { policyFromJson } from '../../../../shared/oss/xml/policy.ts';
import { corsFromXml } from '../../../../shared/oss/xml/cors.ts';
import { refererFromXml } from '../../../../shared/oss/xml/referer.ts';
import { websiteFromXml } from '../../../../shared/oss/xml/website.ts';
import { conformanceFile, conformanceFiles, conformanceIndex } from './fixtures.ts';

const date = (iso: string) => new Date(iso);

describe('bucket response codecs', () => {
  it('does read GetBucketAcl with a declaration without encoding', () => {
    const acl = aclFromXml(conformanceFile('GetBucketAcl.response.xml'));
    expect(acl).toEqual({ owner: { id: '0022012****', displayName: 'user_example' }, accessControlList: { grant: 'public-read' } });
    expect(aclFromXml(aclToXml(acl))).toEqual(acl);
  });

  it('does read GetBucketInfo with redundancy type, owner, ACL and log policy', () => {
    const info = bucketInfoFromXml(conformanceFile('GetBucketInfo.response.xml'));
    expect(info).toEqual({
      accessMonitor: 'Enabled',
      creationDate: date('2013-07-31T10:56:21.000Z'),
      extranetEndpoint: 'oss-cn-hangzhou.aliyuncs.com',
      intranetEndpoint: 'oss-cn-hangzhou-internal.aliyuncs.com',
      location: 'oss-cn-hangzhou',
      storageClass: 'Standard',
      transferAcceleration: 'Disabled',
      crossRegionReplication: 'Disabled',
      dataRedundancyType: 'LRS',
      name: 'oss-example',
      resourceGroupId: 'rg-aek27tc********',
      owner: { displayName: 'username', id: '27183473914****' },
      accessControlList: { grant: 'private' },
      bucketPolicy: { logBucket: 'examplebucket', logPrefix: 'log/' },
    });
    expect(bucketInfoFromXml(bucketInfoToXml(info))).toEqual(info);
  });

  it('does read GetBucketInfo with KMS, an empty key id, a comment and a repeated BlockPublicAccess', () => {
    const info = bucketInfoFromXml(conformanceFile('GetBucketInfo.kms.response.xml'));
    expect(info.serverSideEncryptionRule).toEqual({ sseAlgorithm: 'KMS', kmsMasterKeyID: '', kmsDataEncryption: 'SM4' });
    expect(info.blockPublicAccess).toBe(true);
    expect(info.comment).toBe('test');
  });

  it('does read the location constraint text', () => {
    expect(locationFromXml(conformanceFile('GetBucketLocation.response.xml'))).toBe('oss-cn-hangzhou');
    expect(locationFromXml(locationToXml('oss-cn-beijing'))).toBe('oss-cn-beijing');
  });

  it.each(['GetBucketPublicAccessBlock.response.xml', 'GetPublicAccessBlock.response.xml', 'PutPublicAccessBlock.request.xml'])(
    'does read the public access block of %s',
    (file) => {
      expect(publicAccessBlockFromXml(conformanceFile(file))).toEqual({ blockPublicAccess: true });
    },
  );

  it('does write the public access block as the Go SDK does', () => {
    expect(publicAccessBlockToXml({ blockPublicAccess: true })).toBe(conformanceFile('PutPublicAccessBlock.request.xml'));
  });

  it('does keep the bucket policy as parsed JSON and raw text', () => {
    const text = conformanceFile('GetBucketPolicy.response.json');
    const policy = policyFromJson(text);
    expect(policy.raw).toBe(text);
    expect(policy.policy).toMatchObject({ Version: '1', Statement: [{ Effect: 'Deny', Action: ['oss:PutObject', 'oss:GetObject'] }] });
    expect(() => policyFromJson('{"Version":')).toThrow(XmlCodecError);
  });
});

describe('ListBuckets codec', () => {
  it('does read owner and buckets of a single page', () => {
    const page = listBucketsFromXml(conformanceFile('ListBuckets.response.xml'));
    expect(page.isTruncated).toBe(false);
    expect(page.owner).toEqual({ id: '51264', displayName: '51264' });
    expect(page.buckets).toEqual([
      {
        creationDate: date('2014-02-17T18:12:43.000Z'),
        extranetEndpoint: 'oss-cn-shanghai.aliyuncs.com',
        intranetEndpoint: 'oss-cn-shanghai-internal.aliyuncs.com',
        location: 'oss-cn-shanghai',
        name: 'app-base-oss',
        region: 'cn-shanghai',
        storageClass: 'Standard',
      },
      expect.objectContaining({ name: 'mybucket', region: 'cn-hangzhou', storageClass: 'IA' }),
    ]);
  });

  it('does read the paging fields and a single bucket as a list', () => {
    const page = listBucketsFromXml(conformanceFile('ListBuckets.paged.response.xml'));
    expect(page).toMatchObject({ prefix: 'my', marker: 'mybucket', maxKeys: 10, isTruncated: true, nextMarker: 'mybucket10' });
    expect(page.buckets.map((b) => b.name)).toEqual(['mybucket01']);
    expect(listBucketsFromXml(listBucketsToXml(page))).toEqual(page);
  });
});

describe('ListObjectsV2 codec', () => {
  it('does read continuation tokens, restore info with quotes, transition time and common prefixes', () => {
    const page = listObjectsFromXml(conformanceFile('ListObjectsV2.continuation.response.xml'));
    expect(page).toMatchObject({
      name: 'examplebucket',
      prefix: 'aaa',
      continuationToken: 'CgJiYw--',
      nextContinuationToken: 'NextChR1c2VyL2VyaWMvZGVtbzMuanNvbhAA',
      maxKeys: 100,
      delimiter: '/',
      startAfter: 'b',
      encodingType: 'url',
      isTruncated: false,
      keyCount: 3,
      commonPrefixes: ['a/b/'],
    });
    expect(page.contents[1]).toEqual({
      key: 'exampleobject2.txt',
      lastModified: date('2023-12-08T08:12:20.000Z'),
      etag: '5B3C1A2E053D763E1B002CC607C5A0FE1****',
      type: 'Normal2',
      size: 344607,
      storageClass: 'DeepColdArchive',
      owner: { id: '0022012****22', displayName: 'user-example22' },
      restoreInfo: 'ongoing-request="false", expiry-date="Sat, 05 Nov 2022 07:38:08 GMT"',
      transitionTime: date('2023-12-08T08:12:20.000Z'),
    });
  });

  it('does URL-decode keys when EncodingType is url', () => {
    const page = listObjectsFromXml(conformanceFile('ListObjectsV2.truncated.response.xml'));
    expect(page.isTruncated).toBe(true);
    expect(page.prefix).toBe('');
    expect(page.contents.map((c) => c.key)).toEqual(['b/c', 'ba', 'bc', 'demo.jpg']);
    expect(page.commonPrefixes).toEqual([]);
    expect(page.keyCount).toBe(4);
  });

  it('does read a single CommonPrefixes entry and a single Contents entry as lists', () => {
    const page = listObjectsFromXml(conformanceFile('ListObjectsV2.common-prefixes.response.xml'));
    expect(page.contents).toEqual([
      { key: 'a/b', lastModified: date('2020-05-18T05:45:47.000Z'), etag: '35A27C2B9EAEEB6F48FD7FB5861D****', size: 25, storageClass: 'STANDARD' },
    ]);
    expect(page.commonPrefixes).toEqual(['a/b/']);
  });

  it('does decode the v1 sample with a namespace, entity-quoted ETags and encoded prefix, marker and delimiter', () => {
    const page = listObjectsFromXml(conformanceFile('ListObjects.encodetype.response.xml'));
    expect(page).toMatchObject({ prefix: 'hello world!', marker: 'hello ', delimiter: 'hello !world', maxKeys: 100 });
    expect(page.contents.map((c) => c.key)).toEqual(['fun/movie/001.avi', 'fun/movie/007.avi', 'oss.jpg']);
    expect(page.contents[0]!.etag).toBe('5B3C1A2E053D763E1B002CC607C5A0FE');
  });

  it('does give back the page when it is written with url encoding and read again', () => {
    const page = listObjectsFromXml(conformanceFile('ListObjectsV2.continuation.response.xml'));
    const odd = { ...page, prefix: 'a b+c/%', contents: [{ ...page.contents[0]!, key: 'dir/ sp&ce+plus\u0001.txt' }], commonPrefixes: ['x y/'] };
    const xml = listObjectsToXml(odd);
    expect(xml).toContain('<Key>dir%2F%20sp%26ce%2Bplus%01.txt</Key>');
    expect(listObjectsFromXml(xml)).toEqual(odd);
  });

  it('does report a bad percent-encoding naming the key element', () => {
    const xml = '<ListBucketResult><EncodingType>url</EncodingType><IsTruncated>false</IsTruncated><Contents><Key>%E0%A4%A</Key><Size>1</Size></Contents></ListBucketResult>';
    expect(() => listObjectsFromXml(xml)).toThrow(/Contents\[0\]\.Key: bad percent-encoding/);
  });

  it('does report a Size that is not an integer', () => {
    const xml = '<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>k</Key><Size>1k</Size></Contents></ListBucketResult>';
    expect(() => listObjectsFromXml(xml)).toThrow(/ListBucketResult\.Contents\.Size: expected an integer/);
  });
});

describe('object response codecs', () => {
  it.each(['CopyObject.response.xml', 'CopyObject.tab-indented.response.xml'])('does read %s with the ETag unquoted', (file) => {
    const result = copyObjectResultFromXml(conformanceFile(file));
    expect(result.etag).toBe('F2064A169EE92E9775EE5324D0B1****');
    expect(result.lastModified).toBeInstanceOf(Date);
    expect(copyObjectResultFromXml(copyObjectResultToXml(result))).toEqual(result);
  });

  it.each(['DeleteMultipleObjects.request.xml', 'DeleteMultipleObjects.versions.request.xml'])('does write the Delete body of %s byte for byte', (file) => {
    const xml = conformanceFile(file);
    expect(deleteRequestToXml(deleteRequestFromXml(xml))).toBe(xml);
  });

  it('does read quiet mode and version ids of a Delete body', () => {
    expect(deleteRequestFromXml(conformanceFile('DeleteMultipleObjects.versions.request.xml'))).toEqual({
      quiet: true,
      objects: [
        { key: 'key1.txt', versionId: 'CAEQNRiBgIDyz.6C0BYiIGQ2NWEwNmVhNTA3ZTQ3MzM5ODliYjM1ZTdjYjA4****' },
        { key: 'key2.txt', versionId: 'CAEQNRiBgIDyz.6C0BYiIGQ2NWEwNmVhNTA3ZTQ3MzM5ODliYjM1ZTdjYjA5****' },
      ],
    });
  });

  it('does escape keys in the Delete body and refuse an empty or oversized batch', () => {
    expect(deleteRequestToXml({ quiet: true, objects: [{ key: 'a&b<c>.txt' }] })).toBe(
      '<Delete><Quiet>true</Quiet><Object><Key>a&amp;b&lt;c&gt;.txt</Key></Object></Delete>',
    );
    expect(() => deleteRequestToXml({ objects: [] })).toThrow(XmlCodecError);
    expect(() => deleteRequestToXml({ objects: Array.from({ length: 1001 }, (_, i) => ({ key: `k${i}` })) })).toThrow(/1000/);
  });

  it('does read delete markers and decode url-encoded control characters in keys', () => {
    expect(deleteResultFromXml(conformanceFile('DeleteMultipleObjects.response.xml')).deleted[0]).toEqual({
      key: 'key1.txt',
      deleteMarker: true,
      deleteMarkerVersionId: 'CAEQHxiBgMCEld7a3hgiIDYyMmZlNWVhMDU5NDQ3ZTFhODI1ZjZhMTFlMGQz****',
    });
    const result = deleteResultFromXml(conformanceFile('DeleteMultipleObjects.versions.response.xml'));
    const controls = Array.from({ length: 31 }, (_, i) => String.fromCharCode(i + 1)).join('');
    expect(result.deleted).toEqual([{ key: `go-sdk-v1${controls}`, versionId: 'CAEQFxiBgIDztZ2IuRgiIDMyNzg1MTY1NWI5NjQyOGJiZWIwOTA0NTI0MmYx****' }]);
    expect(deleteResultFromXml(deleteResultToXml(result))).toEqual(result);
  });
});

describe('ListCname codec', () => {
  it('does read cnames with and without a certificate', () => {
    const result = listCnameFromXml(conformanceFile('ListCname.response.xml'));
    expect(result.bucket).toBe('bucket');
    expect(result.owner).toBe('owner');
    expect(result.cnames.map((c) => c.domain)).toEqual(['example.com', 'example.org', 'example.edu']);
    expect(result.cnames[0]).toEqual({
      domain: 'example.com',
      lastModified: date('2021-09-15T02:35:07.000Z'),
      status: 'Enabled',
      certificate: {
        type: 'CAS',
        certId: '493****-cn-hangzhou',
        status: 'Enabled',
        creationDate: 'Wed, 15 Sep 2021 02:35:06 GMT',
        fingerprint: 'DE:01:CF:EC:7C:A7:98:CB:D8:6E:FB:1D:97:EB:A9:64:1D:4E:**:**',
        validStartDate: 'Wed, 12 Apr 2023 10:14:51 GMT',
        validEndDate: 'Mon, 4 May 2048 10:14:51 GMT',
      },
    });
    expect(result.cnames[1]!.certificate).toBeUndefined();
    expect(listCnameFromXml(listCnameToXml(result))).toEqual(result);
  });
});

// Which codec reads each operation's conformance bodies. Error bodies belong to the client's error
// parser (shared/oss/error-response.ts); the last three operations are outside this client's op list.
const READERS: Record<string, (text: string) => unknown> = {
  GetBucketWebsite: websiteFromXml,
  PutBucketWebsite: websiteFromXml,
  GetBucketCors: corsFromXml,
  PutBucketCors: corsFromXml,
  GetBucketReferer: refererFromXml,
  PutBucketReferer: refererFromXml,
  ListBuckets: listBucketsFromXml,
  ListObjectsV2: listObjectsFromXml,
  ListObjects: listObjectsFromXml,
  GetBucketInfo: bucketInfoFromXml,
  GetBucketLocation: locationFromXml,
  GetBucketAcl: aclFromXml,
  CopyObject: copyObjectResultFromXml,
  DeleteMultipleObjects: (text) => (text.includes('<DeleteResult>') ? deleteResultFromXml(text) : deleteRequestFromXml(text)),
  GetBucketPolicy: policyFromJson,
  PutBucketPolicy: policyFromJson,
  GetBucketPublicAccessBlock: publicAccessBlockFromXml,
  GetPublicAccessBlock: publicAccessBlockFromXml,
  PutPublicAccessBlock: publicAccessBlockFromXml,
  ListCname: listCnameFromXml,
};
const NOT_OURS = new Set(['GetBucketPolicyStatus', 'CreateCnameToken', 'PutCname']);

describe('conformance coverage', () => {
  it('does list every file of the directory in INDEX.json', () => {
    expect(conformanceIndex().map((e) => e.file).sort()).toEqual(conformanceFiles().sort());
  });

  it('does parse every non-error conformance body of our operations', () => {
    const parsed: string[] = [];
    for (const entry of conformanceIndex()) {
      if (entry.kind === 'error' || NOT_OURS.has(entry.operation)) continue;
      const read = READERS[entry.operation];
      expect(read, entry.operation).toBeTypeOf('function');
      expect(read!(conformanceFile(entry.file)), entry.file).toBeTruthy();
      parsed.push(entry.file);
    }
    expect(parsed.length).toBeGreaterThanOrEqual(38);
  });
});
