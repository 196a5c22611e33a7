import { XmlCodecError } from './errors.ts';
import { urlDecode, urlEncode } from './list-objects.ts';
import { parseXmlRoot } from './parse.ts';
import { readRecord, writeRecord, type RecordSpec } from './schema.ts';

/** CopyObject response body. */
export interface CopyObjectResult {
  etag?: string;
  lastModified?: Date;
}

export interface DeleteObjectEntry {
  key: string;
  versionId?: string;
}

/** DeleteMultipleObjects request body (`Delete`). */
export interface DeleteRequest {
  quiet?: boolean;
  objects: DeleteObjectEntry[];
}

export interface DeletedEntry {
  key: string;
  versionId?: string;
  deleteMarker?: boolean;
  deleteMarkerVersionId?: string;
}

/** DeleteMultipleObjects response body (`DeleteResult`); keys are URL-decoded when EncodingType=url. */
export interface DeleteResult {
  encodingType?: string;
  deleted: DeletedEntry[];
}

/** OSS's limit of keys per DeleteMultipleObjects request. */
export const MAX_DELETE_KEYS = 1000;

const COPY_RESULT: RecordSpec<CopyObjectResult> = [
  { xml: 'ETag', key: 'etag', kind: 'etag' },
  { xml: 'LastModified', key: 'lastModified', kind: 'date' },
];

const DELETE_OBJECT: RecordSpec<DeleteObjectEntry> = [
  { xml: 'Key', key: 'key', kind: 'string', required: true },
  { xml: 'VersionId', key: 'versionId', kind: 'string' },
];

const DELETE_REQUEST: RecordSpec<DeleteRequest> = [
  { xml: 'Quiet', key: 'quiet', kind: 'boolean' },
  { xml: 'Object', key: 'objects', kind: { many: DELETE_OBJECT, orEmpty: true } },
];

const DELETED: RecordSpec<DeletedEntry> = [
  { xml: 'Key', key: 'key', kind: 'string', required: true },
  { xml: 'VersionId', key: 'versionId', kind: 'string' },
  { xml: 'DeleteMarker', key: 'deleteMarker', kind: 'boolean' },
  { xml: 'DeleteMarkerVersionId', key: 'deleteMarkerVersionId', kind: 'string' },
];

const DELETE_RESULT: RecordSpec<DeleteResult> = [
  { xml: 'EncodingType', key: 'encodingType', kind: 'string' },
  { xml: 'Deleted', key: 'deleted', kind: { many: DELETED, orEmpty: true } },
];

export function copyObjectResultFromXml(xml: string): CopyObjectResult {
  return readRecord(parseXmlRoot(xml, 'CopyObjectResult').container(), COPY_RESULT);
}

export function copyObjectResultToXml(result: CopyObjectResult): string {
  return writeRecord('CopyObjectResult', result, COPY_RESULT);
}

/** The `<Delete>` body, as the Go SDK writes it. Throws INVALID_VALUE for 0 or more than 1000 keys. */
export function deleteRequestToXml(request: DeleteRequest): string {
  const n = request.objects.length;
  if (n === 0 || n > MAX_DELETE_KEYS) {
    throw new XmlCodecError('INVALID_VALUE', `between 1 and ${MAX_DELETE_KEYS} keys per request, got ${n}`, { element: 'Delete.Object' });
  }
  return writeRecord('Delete', request, DELETE_REQUEST);
}

/** Parses a DeleteMultipleObjects request body (the emulator's side). */
export function deleteRequestFromXml(xml: string): DeleteRequest {
  return readRecord(parseXmlRoot(xml, 'Delete').container(), DELETE_REQUEST);
}

export function deleteResultFromXml(xml: string): DeleteResult {
  const result = readRecord(parseXmlRoot(xml, 'DeleteResult').container(), DELETE_RESULT);
  if (result.encodingType?.toLowerCase() !== 'url') return result;
  return {
    ...result,
    deleted: result.deleted.map((d, i) => ({ ...d, key: urlDecode(d.key, `DeleteResult.Deleted[${i}].Key`) })),
  };
}

/** The response body OSS would send; encodes keys when `encodingType` is `url`. */
export function deleteResultToXml(result: DeleteResult): string {
  const encode = result.encodingType?.toLowerCase() === 'url' ? urlEncode : (s: string) => s;
  return writeRecord('DeleteResult', { ...result, deleted: result.deleted.map((d) => ({ ...d, key: encode(d.key) })) }, DELETE_RESULT);
}
