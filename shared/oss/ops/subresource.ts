import { callParts, invokeDrained, invokeParsed, requestIdOf, sub, xmlBody, type BucketRequest, type OssInvoker, type OssResult } from './common.ts';

/** A whole bucket configuration written by PUT (PUT overwrites it). */
export interface PutConfigRequest<T> extends BucketRequest {
  config: T;
}

/**
 * The PUT, GET and DELETE of one bucket sub-resource held as a whole XML document (`?website`, `?cors`,
 * `?referer`): the same three requests, told apart by the sub-resource, the operation names
 * (`Put${name}`...) and the codec.
 */
export function subresourceOps<T>(subresource: string, name: string, toXml: (config: T) => string, fromXml: (text: string) => T) {
  // a fresh query list per request: nothing downstream may share (or sort) another request's
  const query = () => [sub(subresource)];
  return {
    async put(client: OssInvoker, request: PutConfigRequest<T>): Promise<OssResult> {
      const op = `Put${name}`;
      const res = await invokeDrained(client, { op, method: 'PUT', bucket: request.bucket, query: query(), ...xmlBody(op, () => toXml(request.config)), ...callParts(request) });
      return requestIdOf(res);
    },
    async get(client: OssInvoker, request: BucketRequest): Promise<T> {
      return invokeParsed(client, { op: `Get${name}`, method: 'GET', bucket: request.bucket, query: query(), ...callParts(request) }, fromXml);
    },
    async delete(client: OssInvoker, request: BucketRequest): Promise<OssResult> {
      return requestIdOf(await invokeDrained(client, { op: `Delete${name}`, method: 'DELETE', bucket: request.bucket, query: query(), ...callParts(request) }));
    },
  };
}
