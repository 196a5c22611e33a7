import type { RefererConfiguration } from '../models/referer.ts';
import { parseXmlRoot } from './parse.ts';
import { readRecord, writeRecord, type RecordSpec } from './schema.ts';

const REFERER: RecordSpec<RefererConfiguration> = [
  { xml: 'AllowEmptyReferer', key: 'allowEmptyReferer', kind: 'boolean', required: true },
  { xml: 'AllowTruncateQueryString', key: 'allowTruncateQueryString', kind: 'boolean' },
  { xml: 'TruncatePath', key: 'truncatePath', kind: 'boolean' },
  // Required on the wire and always written (an empty list clears the whitelist); absent reads as [].
  { xml: 'RefererList', key: 'refererList', kind: { wrap: 'Referer', item: 'string', orEmpty: true } },
  { xml: 'RefererBlacklist', key: 'refererBlacklist', kind: { wrap: 'Referer', item: 'string' } },
];

/** RefererConfiguration XML (PutBucketReferer body), Go SDK element order, no XML declaration. */
export function refererToXml(config: RefererConfiguration): string {
  return writeRecord('RefererConfiguration', { ...config, refererList: config.refererList ?? [] }, REFERER);
}

/** Parses a GetBucketReferer response or PutBucketReferer body. Throws XmlCodecError. */
export function refererFromXml(xml: string): RefererConfiguration {
  return readRecord(parseXmlRoot(xml, 'RefererConfiguration').container(), REFERER);
}
