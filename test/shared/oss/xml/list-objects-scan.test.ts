import { describe, expect, it } from 'vitest';
import { XmlCodecError } from '../../../../shared/oss/xml/errors.ts';
import { listObjectsFromXml, listObjectsFromXmlGeneral, listObjectsToXml, type ListObjectsPage } from '../../../../shared/oss/xml/list-objects.ts';
import { scanListObjects } from '../../../../shared/oss/xml/list-objects-scan.ts';
import { codecError, conformanceFile, conformanceIndex } from './fixtures.ts';

// Differential tests: the single-pass scanner against the general codec (fast-xml-parser plus the
// well-formedness pass), which is the reference. The scanner may hand a body over (undefined) but
// must never accept a body the general codec rejects nor read a different page.

const NASTY_KEYS = [
  ' leading space',
  'trailing space ',
  '  ',
  'a&b<c>d"e\'f',
  '&amp; literal entity text',
  'cdata ]]> end',
  '<![CDATA[x]]>',
  '中文/日本語/한국어.txt',
  'emoji 😀/🚀.png',
  'percent %41 %zz plus+ space',
  'tab\there\nnewline',
  'carriage\rreturn',
  'ctrl\u0001\u001f',
  '</Key><Key>injected',
];

function page(keys: string[], encodingType: string | undefined): ListObjectsPage {
  return {
    name: 'bucket',
    prefix: keys[0]!,
    delimiter: '/',
    startAfter: keys[1]!,
    maxKeys: 1000,
    keyCount: keys.length + 1,
    isTruncated: true,
    nextContinuationToken: 'Cg&lt;token',
    ...(encodingType ? { encodingType } : {}),
    contents: keys.map((key, i) => ({
      key,
      lastModified: new Date(Date.UTC(2024, 0, 1, 0, 0, i)),
      etag: `5B3C1A2E053D763E1B002CC607C5A0F${i % 10}`,
      type: 'Normal',
      size: i * 1000,
      storageClass: i % 2 ? 'Standard' : 'ColdArchive',
      ...(i % 3 ? { owner: { id: `id ${i}`, displayName: ` name&${i} ` } } : {}),
      ...(i % 4 === 0 ? { restoreInfo: 'ongoing-request="false", expiry-date="Fri, 08 Nov 2024 08:15:52 GMT"' } : {}),
      ...(i % 5 === 0 ? { transitionTime: new Date(Date.UTC(2024, 1, 1)) } : {}),
    })),
    commonPrefixes: keys.map((k) => `${k}/`),
  };
}

/** The scanner read `xml` and agrees with the general codec. */
function expectScanned(xml: string): ListObjectsPage {
  const scanned = scanListObjects(xml);
  expect(scanned, 'the scanner should read this body').toBeDefined();
  expect(scanned).toStrictEqual(listObjectsFromXmlGeneral(xml));
  expect(listObjectsFromXml(xml)).toStrictEqual(scanned);
  return scanned!;
}

const MINIMAL = '<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>k</Key><Size>1</Size></Contents></ListBucketResult>';

describe('ListBucketResult scanner', () => {
  it('does read every ListObjects conformance body exactly like the general codec', () => {
    const files = conformanceIndex().filter((e) => e.kind === 'response' && e.operation.startsWith('ListObjects'));
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const { file } of files) expectScanned(conformanceFile(file));
  });

  it.each([['url'], [undefined]])('does read nasty keys (entities, unicode, spaces, ]]>) with encoding-type %s and give them back', (encodingType) => {
    // Without url encoding a C0 control cannot be written as XML 1.0 (the writer refuses it).
    const original = page(encodingType ? NASTY_KEYS : NASTY_KEYS.filter((k) => !k.startsWith('ctrl')), encodingType);
    const xml = listObjectsToXml(original);
    expect(expectScanned(xml)).toStrictEqual(original);
  });

  it('does decode named entities and numeric character references like the general codec', () => {
    const key = '&lt;&gt;&amp;&quot;&apos; &#65;&#x42;&#x1F600;&#128512;\u0001 end';
    const xml = `<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>${key}</Key><ETag>&quot;AB&quot;</ETag><Size>1</Size></Contents></ListBucketResult>`;
    const scanned = expectScanned(xml);
    expect(scanned.contents[0]).toEqual({ key: '<>&"\' AB😀😀\u0001 end', etag: 'AB', size: 1 });
  });

  it('does accept any element order, unknown text-only elements and the last of repeated singletons', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://doc.oss-cn-hangzhou.aliyuncs.com">
      <KeyCount>2</KeyCount><CommonPrefixes><Prefix>p%2F</Prefix></CommonPrefixes>
      <Contents><Size>7</Size><Owner><DisplayName>d</DisplayName><ID>i</ID><Extra>x</Extra></Owner><Future>v</Future><Key>b%20</Key></Contents>
      <IsTruncated>true</IsTruncated><EncodingType>url</EncodingType><MaxKeys>1</MaxKeys><MaxKeys>2</MaxKeys><NewField>n</NewField>
    </ListBucketResult>\n`;
    const scanned = expectScanned(xml);
    expect(scanned).toMatchObject({ keyCount: 2, maxKeys: 2, isTruncated: true, commonPrefixes: ['p/'] });
    expect(scanned.contents).toEqual([{ key: 'b ', size: 7, owner: { id: 'i', displayName: 'd' } }]);
  });

  it.each([
    ['a BOM and a single-quoted declaration', `\ufeff<?xml version='1.0' encoding='utf-8' standalone='yes'?>${MINIMAL}`],
    ['a declaration without encoding and leading blank lines', `<?xml version="1.0"?>\n\n\t${MINIMAL}\n`],
    ['empty and whitespace-only values', MINIMAL.replace('<Key>k</Key>', '<Key> </Key><StorageClass></StorageClass><Owner></Owner>')],
  ])('does read a body with %s like the general codec', (_, xml) => {
    expectScanned(xml);
  });

  it.each([
    ['a comment', MINIMAL.replace('<Contents>', '<!-- c --><Contents>')],
    ['CDATA', MINIMAL.replace('<Key>k</Key>', '<Key><![CDATA[a<b]]></Key>')],
    ['attributes on a child', MINIMAL.replace('<Key>', '<Key a="1">')],
    ['a self-closing element', MINIMAL.replace('<Contents>', '<Prefix/><Contents>')],
    ['namespace prefixes', MINIMAL.replace('<Key>k</Key>', '<x:Key>k</x:Key>')],
    ['CRLF line ends', MINIMAL.replace('<Key>k</Key>', '<Key>a\r\nb</Key>').replace('<Contents>', '\r\n<Contents>')],
    ['a space in an end tag', MINIMAL.replace('</Key>', '</Key >')],
    ['a nested unknown element', MINIMAL.replace('<Key>', '<X><Y>1</Y></X><Key>')],
    ['an Owner at the root', MINIMAL.replace('<Contents>', '<Owner><ID>1</ID></Owner><Contents>')],
  ])('does hand %s over to the general codec', (_, xml) => {
    expect(scanListObjects(xml)).toBeUndefined();
    expect(listObjectsFromXml(xml)).toStrictEqual(listObjectsFromXmlGeneral(xml));
  });

  it.each([
    ['an empty body', ''],
    ['no root end', MINIMAL.replace('</ListBucketResult>', '')],
    ['a mismatched end tag', MINIMAL.replace('</Key>', '</Kei>')],
    ['an unclosed child', MINIMAL.replace('</Size>', '')],
    ['text after the root', `${MINIMAL}x`],
    ['a second root', `${MINIMAL}<ListBucketResult/>`],
    ['a declaration after whitespace', ` <?xml version="1.0"?>${MINIMAL}`],
    ['a DOCTYPE', `<!DOCTYPE x>${MINIMAL}`],
    ['a bare ampersand', MINIMAL.replace('<Key>k', '<Key>a & b')],
    ['an unknown entity', MINIMAL.replace('<Key>k', '<Key>&nbsp;')],
    ['a NUL character reference', MINIMAL.replace('<Key>k', '<Key>&#0;')],
    ['a surrogate character reference', MINIMAL.replace('<Key>k', '<Key>&#xD800;')],
    ['an unterminated reference', MINIMAL.replace('<Key>k', '<Key>&amp')],
    ['a bad tag name', MINIMAL.replace('<Contents>', '<1a>x</1a><Contents>')],
    ['the wrong root', '<ListAllMyBucketsResult><IsTruncated>false</IsTruncated></ListAllMyBucketsResult>'],
    ['a missing IsTruncated', MINIMAL.replace('<IsTruncated>false</IsTruncated>', '')],
    ['a missing Key', MINIMAL.replace('<Key>k</Key>', '')],
    ['a missing common prefix', MINIMAL.replace('<Contents>', '<CommonPrefixes></CommonPrefixes><Contents>')],
    ['a bad Size', MINIMAL.replace('<Size>1<', '<Size>1k<')],
    ['a bad IsTruncated', MINIMAL.replace('>false<', '>yes<')],
    ['a bad LastModified', MINIMAL.replace('<Size>', '<LastModified>yesterday</LastModified><Size>')],
    ['text between elements', MINIMAL.replace('<Contents>', 'stray<Contents>')],
    ['children in a leaf', MINIMAL.replace('<Key>k</Key>', '<Key><A>k</A></Key>')],
    ['text in Owner', MINIMAL.replace('<Size>', '<Owner>me</Owner><Size>')],
    ['bad percent-encoding', MINIMAL.replace('<Key>k', '<Key>%E0%A4%A').replace('<IsTruncated>', '<EncodingType>url</EncodingType><IsTruncated>')],
  ])('does reject %s with the same XmlCodecError as the general codec', (_, xml) => {
    expect(scanListObjects(xml)).toBeUndefined();
    const fast = codecError(() => listObjectsFromXml(xml));
    const general = codecError(() => listObjectsFromXmlGeneral(xml));
    expect({ code: fast.code, message: fast.message, element: fast.element }).toEqual({ code: general.code, message: general.message, element: general.element });
  });

  it('does never accept a mutated body the general codec rejects, nor read it differently', () => {
    const base = listObjectsToXml(page(NASTY_KEYS.slice(0, 8), 'url'));
    const pieces = ['<', '>', '&', ';', '/', '</Key>', '<Key>', '&amp;', '&#x41;', ' ', '"', '%', ']]>', '<!--', '\u0000'];
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    let scanned = 0;
    for (let i = 0; i < 300; i++) {
      let xml = base;
      for (let m = 1 + rand(2); m > 0; m--) {
        const at = rand(xml.length);
        const cut = rand(3);
        xml = xml.slice(0, at) + (rand(2) ? pieces[rand(pieces.length)] : '') + xml.slice(at + cut);
      }
      const fast = scanListObjects(xml);
      let general: ListObjectsPage | XmlCodecError;
      try {
        general = listObjectsFromXmlGeneral(xml);
      } catch (err) {
        expect(err).toBeInstanceOf(XmlCodecError);
        general = err as XmlCodecError;
      }
      if (fast === undefined) continue;
      scanned++;
      expect(general, `mutation ${i}: ${xml}`).not.toBeInstanceOf(XmlCodecError);
      expect(fast, `mutation ${i}`).toStrictEqual(general);
    }
    expect(scanned).toBeGreaterThan(20);
  });
});
