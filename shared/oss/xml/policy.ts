import { XmlCodecError } from './errors.ts';

/** GetBucketPolicy: a JSON document (not XML), kept both parsed and as the exact text OSS sent. */
export interface BucketPolicy {
  policy: unknown;
  raw: string;
}

export function policyFromJson(text: string): BucketPolicy {
  try {
    return { policy: JSON.parse(text) as unknown, raw: text };
  } catch (err) {
    throw new XmlCodecError('MALFORMED_XML', 'bucket policy is not valid JSON', { cause: err });
  }
}
