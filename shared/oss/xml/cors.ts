import type { CorsConfiguration, CorsRule } from '../models/cors.ts';
import { parseXmlRoot } from './parse.ts';
import { readRecord, writeRecord, type RecordSpec } from './schema.ts';

const CORS_RULE: RecordSpec<CorsRule> = [
  { xml: 'AllowedOrigin', key: 'allowedOrigin', kind: { many: 'string', orEmpty: true } },
  { xml: 'AllowedMethod', key: 'allowedMethod', kind: { many: 'string', orEmpty: true } },
  { xml: 'AllowedHeader', key: 'allowedHeader', kind: { many: 'string' } },
  { xml: 'ExposeHeader', key: 'exposeHeader', kind: { many: 'string' } },
  { xml: 'MaxAgeSeconds', key: 'maxAgeSeconds', kind: 'integer' },
];

const CORS: RecordSpec<CorsConfiguration> = [
  { xml: 'CORSRule', key: 'rules', kind: { many: CORS_RULE, orEmpty: true } },
  { xml: 'ResponseVary', key: 'responseVary', kind: 'boolean' },
];

/** CORSConfiguration XML (PutBucketCors body), Go SDK element order, no XML declaration. */
export function corsToXml(config: CorsConfiguration): string {
  return writeRecord('CORSConfiguration', config, CORS);
}

/** Parses a GetBucketCors response or PutBucketCors body (no rule → `rules: []`). Throws XmlCodecError. */
export function corsFromXml(xml: string): CorsConfiguration {
  return readRecord(parseXmlRoot(xml, 'CORSConfiguration').container(), CORS);
}
