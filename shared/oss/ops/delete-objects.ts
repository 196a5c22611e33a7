import { deleteRequestToXml, deleteResultFromXml, MAX_DELETE_KEYS, type DeletedEntry, type DeleteObjectEntry } from '../xml/object.ts';
import { callParts, invalidArgument, invokeParsed, xmlBody, type BucketRequest, type OssInvoker } from './common.ts';

export interface DeleteMultipleObjectsRequest extends BucketRequest {
  /** 1..1000 keys (or key + version). */
  objects: ReadonlyArray<string | DeleteObjectEntry>;
  /** Quiet mode: OSS lists only failures (default false: every deleted key is listed). */
  quiet?: boolean;
}

export interface DeleteMultipleObjectsResult {
  deleted: DeletedEntry[];
}

/**
 * DeleteMultipleObjects (POST ?delete): XML-escaped keys, Content-MD5 (OSS requires it), and
 * `encoding-type=url` so any key in the answer survives XML (decoded before it is returned).
 * Not retried after it may have reached OSS (POST), as the client does for every POST.
 */
export async function deleteMultipleObjects(client: OssInvoker, request: DeleteMultipleObjectsRequest): Promise<DeleteMultipleObjectsResult> {
  const op = 'DeleteMultipleObjects';
  const n = request.objects.length;
  if (n === 0 || n > MAX_DELETE_KEYS) throw invalidArgument(op, `between 1 and ${MAX_DELETE_KEYS} keys per request, got ${n}`);
  const objects = request.objects.map((o) => (typeof o === 'string' ? { key: o } : o));
  const body = xmlBody(op, () => deleteRequestToXml({ quiet: request.quiet ?? false, objects }));
  const result = await invokeParsed(
    client,
    { op, method: 'POST', bucket: request.bucket, query: [['delete', ''], ['encoding-type', 'url']], ...body, ...callParts(request) },
    // Quiet mode may answer an empty body.
    (text) => (text.trim() === '' ? { deleted: [] } : deleteResultFromXml(text)),
  );
  return { deleted: result.deleted };
}
