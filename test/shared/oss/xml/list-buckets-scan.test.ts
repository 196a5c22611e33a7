import { describe, expect, it } from 'vitest';
import { listBucketsFromXml, listBucketsFromXmlGeneral, listBucketsToXml, type ListBucketsPage } from '../../../../shared/oss/xml/list-buckets.ts';
import { scanListBuckets } from '../../../../shared/oss/xml/list-buckets-scan.ts';
import { codecError, conformanceFile, conformanceIndex } from './fixtures.ts';

// Differential tests: the ListAllMyBucketsResult scanner against the general codec (the reference).

const ODD = [' lead', 'trail ', 'a&b<c>"\'', 'cdata ]]> end', '中文 😀', 'cr\rlf\n'];

function page(n: number): ListBucketsPage {
  return {
    prefix: 'my ',
    marker: 'a&b',
    maxKeys: 1000,
    isTruncated: true,
    nextMarker: 'bucket-9',
    owner: { id: '1686240967192623', displayName: ODD[n % ODD.length]! },
    buckets: Array.from({ length: n }, (_, i) => ({
      name: `bucket-${i}`,
      creationDate: new Date(Date.UTC(2024, 0, 1, 0, i)),
      ...(i % 2 ? { location: 'oss-cn-hangzhou', region: 'cn-hangzhou' } : {}),
      extranetEndpoint: 'oss-cn-hangzhou.aliyuncs.com',
      intranetEndpoint: 'oss-cn-hangzhou-internal.aliyuncs.com',
      storageClass: i % 3 ? 'Standard' : 'IA',
      ...(i % 4 === 0 ? { resourceGroupId: ODD[i % ODD.length]! } : {}),
    })),
  };
}

function expectScanned(xml: string): ListBucketsPage {
  const scanned = scanListBuckets(xml);
  expect(scanned, 'the scanner should read this body').toBeDefined();
  expect(scanned).toStrictEqual(listBucketsFromXmlGeneral(xml));
  expect(listBucketsFromXml(xml)).toStrictEqual(scanned);
  return scanned!;
}

const MINIMAL = '<ListAllMyBucketsResult><Buckets><Bucket><Name>b</Name></Bucket></Buckets></ListAllMyBucketsResult>';

describe('ListAllMyBucketsResult scanner', () => {
  it('does read every ListBuckets conformance body exactly like the general codec', () => {
    const files = conformanceIndex().filter((e) => e.kind === 'response' && e.operation === 'ListBuckets');
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const { file } of files) expectScanned(conformanceFile(file));
  });

  it('does give back a written page with odd text, entities and spaces', () => {
    const original = page(12);
    expect(expectScanned(listBucketsToXml(original))).toStrictEqual(original);
  });

  it('does read isTruncated as false when absent, an empty Buckets as [] and the last of repeated containers', () => {
    expect(expectScanned('<ListAllMyBucketsResult><Buckets></Buckets></ListAllMyBucketsResult>')).toStrictEqual({ isTruncated: false, buckets: [] });
    const xml = MINIMAL.replace('</ListAllMyBucketsResult>', '<Buckets>\n<Bucket><Region>r</Region><Name>c&#x20;</Name></Bucket></Buckets><New>x</New></ListAllMyBucketsResult>');
    expect(expectScanned(xml).buckets).toEqual([{ name: 'c ', region: 'r' }]);
    expect(expectScanned('<ListAllMyBucketsResult>\n</ListAllMyBucketsResult>')).toStrictEqual({ isTruncated: false, buckets: [] });
  });

  it.each([
    ['CDATA', MINIMAL.replace('<Name>b</Name>', '<Name><![CDATA[b]]></Name>')],
    ['a self-closing Buckets', '<ListAllMyBucketsResult><Buckets/></ListAllMyBucketsResult>'],
    ['a comment', MINIMAL.replace('<Buckets>', '<!-- x --><Buckets>')],
  ])('does hand %s over to the general codec', (_, xml) => {
    expect(scanListBuckets(xml)).toBeUndefined();
    expect(listBucketsFromXml(xml)).toStrictEqual(listBucketsFromXmlGeneral(xml));
  });

  it.each([
    ['a mismatched end tag', MINIMAL.replace('</Name>', '</Nome>')],
    ['text after the root', `${MINIMAL}<x/>`],
    ['the wrong root', MINIMAL.replaceAll('ListAllMyBucketsResult', 'ListBucketResult')],
    ['a missing Name', MINIMAL.replace('<Name>b</Name>', '<Region>r</Region>')],
    ['a bad CreationDate', MINIMAL.replace('<Name>', '<CreationDate>soon</CreationDate><Name>')],
    ['a bad MaxKeys', MINIMAL.replace('<Buckets>', '<MaxKeys>ten</MaxKeys><Buckets>')],
    ['a bad entity', MINIMAL.replace('<Name>b', '<Name>&copy;')],
    ['text in Buckets', MINIMAL.replace('<Bucket>', 'x<Bucket>')],
  ])('does reject %s with the same XmlCodecError as the general codec', (_, xml) => {
    expect(scanListBuckets(xml)).toBeUndefined();
    const fast = codecError(() => listBucketsFromXml(xml));
    const general = codecError(() => listBucketsFromXmlGeneral(xml));
    expect({ code: fast.code, message: fast.message }).toEqual({ code: general.code, message: general.message });
  });

  it('does never accept a mutated body the general codec rejects, nor read it differently', () => {
    const base = listBucketsToXml(page(6));
    const pieces = ['<', '>', '&', ';', '/', '</Name>', '<Bucket>', '&amp;', ' ', '"', '<!--'];
    let seed = 777;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    let scanned = 0;
    for (let i = 0; i < 300; i++) {
      const at = rand(base.length);
      const xml = base.slice(0, at) + (rand(2) ? pieces[rand(pieces.length)] : '') + base.slice(at + rand(3));
      const fast = scanListBuckets(xml);
      if (fast === undefined) continue;
      scanned++;
      expect(listBucketsFromXmlGeneral(xml), `mutation ${i}: ${xml}`).toStrictEqual(fast);
    }
    expect(scanned).toBeGreaterThan(20);
  });
});
