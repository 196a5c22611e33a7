import { parseXmlRoot } from './parse.ts';
import { readRecord, writeRecord, type RecordSpec } from './schema.ts';

export interface CnameCertificate {
  type?: string;
  certId?: string;
  status?: string;
  /** HTTP dates as OSS sends them (`Wed, 15 Sep 2021 02:35:06 GMT`). */
  creationDate?: string;
  fingerprint?: string;
  validStartDate?: string;
  validEndDate?: string;
}

export interface CnameInfo {
  domain: string;
  lastModified?: Date;
  status?: string;
  certificate?: CnameCertificate;
}

/** ListCname: `ListCnameResult`. */
export interface ListCnameResult {
  bucket?: string;
  owner?: string;
  cnames: CnameInfo[];
}

const CERTIFICATE: RecordSpec<CnameCertificate> = [
  { xml: 'Type', key: 'type', kind: 'string' },
  { xml: 'CertId', key: 'certId', kind: 'string' },
  { xml: 'Status', key: 'status', kind: 'string' },
  { xml: 'CreationDate', key: 'creationDate', kind: 'string' },
  { xml: 'Fingerprint', key: 'fingerprint', kind: 'string' },
  { xml: 'ValidStartDate', key: 'validStartDate', kind: 'string' },
  { xml: 'ValidEndDate', key: 'validEndDate', kind: 'string' },
];

const CNAME: RecordSpec<CnameInfo> = [
  { xml: 'Domain', key: 'domain', kind: 'string', required: true },
  { xml: 'LastModified', key: 'lastModified', kind: 'date' },
  { xml: 'Status', key: 'status', kind: 'string' },
  { xml: 'Certificate', key: 'certificate', kind: { one: CERTIFICATE } },
];

const LIST_CNAME: RecordSpec<ListCnameResult> = [
  { xml: 'Bucket', key: 'bucket', kind: 'string' },
  { xml: 'Owner', key: 'owner', kind: 'string' },
  { xml: 'Cname', key: 'cnames', kind: { many: CNAME, orEmpty: true } },
];

export function listCnameFromXml(xml: string): ListCnameResult {
  return readRecord(parseXmlRoot(xml, 'ListCnameResult').container(), LIST_CNAME);
}

export function listCnameToXml(result: ListCnameResult): string {
  return writeRecord('ListCnameResult', result, LIST_CNAME);
}
