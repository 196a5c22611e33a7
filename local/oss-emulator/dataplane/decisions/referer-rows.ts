import { SOURCES } from './sources.ts';
import type { BucketSetup, DecisionRow, Expectation } from './types.ts';

const GOOD = 'http://good.example.com/page.html';
const BAD = 'http://evil.example.com/page.html';
const PROTECTED: BucketSetup = {
  acl: 'public-read-write',
  referer: { allowEmpty: false, referers: ['http://good.example.com'] },
  objects: { 'r/kept.txt': 'kept' },
};
const DENIED: Expectation = { status: 403, code: 'AccessDenied', ec: '0003-00000503' };
const WHO = [SOURCES.specReferer, SOURCES.help0003_00000503];
const WHERE = 'dataplane/hook.ts checkReferer (beforeObject, beforeObjectWrite)';

/** Hotlink protection: which requests are checked. */
export const REFERER_ROWS: readonly DecisionRow[] = [
  {
    id: 'R-ANON-GET',
    decision: 'An anonymous GET with a Referer outside the whitelist is denied: 403 AccessDenied.',
    sources: WHO,
    where: WHERE,
    bucket: PROTECTED,
    steps: [{ kind: 'object', method: 'GET', key: 'r/kept.txt', auth: 'anonymous', referer: BAD, expect: DENIED }],
  },
  {
    id: 'R-EMPTY-DENIED',
    decision: 'AllowEmptyReferer false with a whitelist: an anonymous GET without Referer is denied, 403 AccessDenied EC 0003-00000501.',
    sources: [SOURCES.specEmptyReferer],
    where: WHERE,
    bucket: PROTECTED,
    steps: [{ kind: 'object', method: 'GET', key: 'r/kept.txt', auth: 'anonymous', expect: { status: 403, code: 'AccessDenied', ec: '0003-00000501' } }],
  },
  {
    id: 'R-ANON-PUT',
    decision: 'An anonymous PUT to a public-read-write bucket is Referer-checked like a GET: denied outside the whitelist, allowed inside.',
    sources: WHO,
    where: WHERE,
    bucket: PROTECTED,
    steps: [
      { kind: 'object', method: 'PUT', key: 'r/new.txt', auth: 'anonymous', referer: BAD, body: 'x', expect: { ...DENIED, stored: false } },
      { kind: 'object', method: 'PUT', key: 'r/new.txt', auth: 'anonymous', referer: GOOD, body: 'x', expect: { status: 200, stored: true } },
    ],
  },
  {
    id: 'R-ANON-DELETE',
    decision: 'An anonymous DELETE with a Referer outside the whitelist is denied and the object stays.',
    sources: WHO,
    where: WHERE,
    bucket: PROTECTED,
    steps: [{ kind: 'object', method: 'DELETE', key: 'r/kept.txt', auth: 'anonymous', referer: BAD, expect: { ...DENIED, stored: true } }],
  },
  {
    id: 'R-PRESIGNED-PUT',
    decision: 'A presigned PUT with a Referer outside the whitelist is denied.',
    sources: WHO,
    where: WHERE,
    bucket: PROTECTED,
    steps: [{ kind: 'object', method: 'PUT', key: 'r/presigned.txt', auth: 'presigned', referer: BAD, body: 'x', expect: { ...DENIED, stored: false } }],
  },
  {
    id: 'R-SIGNED-PUT',
    decision: 'A PUT signed in the Authorization header is not Referer-checked.',
    sources: [SOURCES.specReferer],
    where: WHERE,
    bucket: PROTECTED,
    steps: [{ kind: 'object', method: 'PUT', key: 'r/signed.txt', auth: 'signed', referer: BAD, body: 'x', expect: { status: 200, stored: true } }],
  },
  {
    id: 'C-REFERER-LIST-REQUIRED',
    decision: 'PutBucketReferer without RefererList is refused: 400, EC 0033-00000005 (Code MalformedXML: the help page gives no Code, ours).',
    sources: [SOURCES.help0033_00000005, SOURCES.goRefererList],
    conflict: 'The Go SDK v2 field doc says a request without RefererList clears the whitelist; the EC help page shows that exact body refused with 400. The help page wins (the SDK doc describes an empty RefererList).',
    where: 'handlers-config.ts putBucketReferer',
    bucket: { acl: 'private' },
    steps: [{
      kind: 'put-referer-xml',
      xml: '<?xml version="1.0" encoding="UTF-8"?>\n<RefererConfiguration><AllowEmptyReferer>false</AllowEmptyReferer></RefererConfiguration>',
      expect: { status: 400, ec: '0033-00000005' },
    }],
  },
  ...([
    ['C-REFERER-BAD-ROOT', 'PutBucketReferer with another root element than RefererConfiguration is refused: 400, EC 0033-00000001.', SOURCES.help0033_00000001,
      '<?xml version="1.0" encoding="UTF-8"?>\n<Referer><AllowEmptyReferer>false</AllowEmptyReferer><RefererList/></Referer>', '0033-00000001'],
    ['C-REFERER-NO-ALLOW-EMPTY', 'PutBucketReferer without AllowEmptyReferer is refused: 400, EC 0033-00000002.', SOURCES.help0033_00000002,
      '<?xml version="1.0" encoding="UTF-8"?>\n<RefererConfiguration><RefererList><Referer>http://www.aliyun.com</Referer></RefererList></RefererConfiguration>', '0033-00000002'],
    ['C-REFERER-ALLOW-EMPTY-NOT-BOOLEAN', 'PutBucketReferer with a non-boolean AllowEmptyReferer is refused: 400, EC 0033-00000003.', SOURCES.help0033_00000003,
      '<?xml version="1.0" encoding="UTF-8"?>\n<RefererConfiguration><AllowEmptyReferer>32</AllowEmptyReferer><RefererList/></RefererConfiguration>', '0033-00000003'],
  ] as const).map(([id, decision, source, xml, ec]): DecisionRow => ({
    id, decision, sources: [source], where: 'handlers-config.ts refererCodecToOss', bucket: { acl: 'private' },
    steps: [{ kind: 'put-referer-xml', xml, expect: { status: 400, ec } }],
  })),
];
