import { DEFAULT_REFERER_CONFIGURATION } from '../../shared/oss/models/index.ts';
import { corsFromXml, corsToXml } from '../../shared/oss/xml/cors.ts';
import type { RefererConfiguration } from '../../shared/oss/models/index.ts';
import { XmlCodecError } from '../../shared/oss/xml/errors.ts';
import { parseXmlRoot } from '../../shared/oss/xml/parse.ts';
import { refererFromXml, refererToXml } from '../../shared/oss/xml/referer.ts';
import { websiteFromXml, websiteToXml } from '../../shared/oss/xml/website.ts';
import { validateCors, validateReferer, validateWebsite } from './config-validate.ts';
import { readSmallBody, requireBucket, send, sendXml, type RequestContext } from './context.ts';
import { OssEmulatorError } from './errors.ts';
import type { BucketState } from './types.ts';
import { codecToOss } from './handlers-bucket.ts';
import { XML_DECLARATION } from './xml-out.ts';

/**
 * Website, CORS and Referer settings. Bodies are parsed with the shared XML codecs (shared/oss/xml) into
 * the shared models, validated as OSS does, stored per bucket, and written back with the same codecs.
 */

async function parseBody<T>(ctx: RequestContext, parse: (xml: string) => T): Promise<T> {
  const xml = (await readSmallBody(ctx)).toString('utf8');
  try {
    return parse(xml);
  } catch (err) {
    throw codecToOss(err);
  }
}

/**
 * RefererList is required on the wire although the codec reads its absence as an empty list: OSS refuses
 * such a body (decision row C-REFERER-LIST-REQUIRED; the help page gives the EC but no Code).
 */
function refererWithList(xml: string): RefererConfiguration {
  const config = refererFromXml(xml);
  if (!parseXmlRoot(xml, 'RefererConfiguration').container().has('RefererList')) {
    throw new OssEmulatorError(400, 'MalformedXML', 'RefererList is required in RefererConfiguration.', REFERER_EC.listMissing);
  }
  return config;
}

/**
 * PUT (parse, validate, store), GET (the stored document, or OSS's 404 when none) and DELETE of a setting
 * held as one whole document per bucket.
 */
function wholeDocument<K extends 'website' | 'cors'>(field: K, codec: {
  fromXml: (xml: string) => NonNullable<BucketState[K]>;
  toXml: (config: NonNullable<BucketState[K]>) => string;
  validate: (config: NonNullable<BucketState[K]>) => void;
  notFound: (bucket: string | undefined) => OssEmulatorError;
}) {
  return {
    async put(ctx: RequestContext): Promise<void> {
      const entry = requireBucket(ctx);
      const config = await parseBody(ctx, codec.fromXml);
      codec.validate(config);
      ctx.core.store.updateBucket(entry, { [field]: config });
      send(ctx, 200);
    },
    async get(ctx: RequestContext): Promise<void> {
      const config = requireBucket(ctx).state[field];
      if (!config) throw codec.notFound(ctx.bucket);
      sendXml(ctx, 200, XML_DECLARATION + codec.toXml(config));
    },
    async delete(ctx: RequestContext): Promise<void> {
      const entry = requireBucket(ctx);
      ctx.core.store.updateBucket(entry, { [field]: undefined });
      send(ctx, 204);
    },
  };
}

const WEBSITE = wholeDocument('website', {
  fromXml: websiteFromXml, toXml: websiteToXml, validate: validateWebsite,
  notFound: (bucket) => new OssEmulatorError(404, 'NoSuchWebsiteConfiguration', 'The specified bucket does not have a website configuration.', '0019-00000101', { BucketName: bucket }),
});
export const { put: putBucketWebsite, get: getBucketWebsite, delete: deleteBucketWebsite } = WEBSITE;

const CORS = wholeDocument('cors', {
  fromXml: corsFromXml, toXml: corsToXml, validate: validateCors,
  notFound: (bucket) => new OssEmulatorError(404, 'NoSuchCORSConfiguration', 'The CORS configuration does not exist.', '0034-00000001', { BucketName: bucket }),
});
export const { put: putBucketCors, get: getBucketCors, delete: deleteBucketCors } = CORS;

/** PutBucketReferer's own ECs (help pages 0033-00000001/2/3/5; they give no Code: MalformedXML is ours). */
const REFERER_EC = Object.freeze({ body: '0033-00000001', allowEmptyMissing: '0033-00000002', allowEmptyInvalid: '0033-00000003', listMissing: '0033-00000005' });

function refererCodecToOss(err: unknown): OssEmulatorError {
  if (!(err instanceof XmlCodecError)) return codecToOss(err);
  const onAllowEmpty = err.element?.endsWith('AllowEmptyReferer') === true;
  const ec = err.code === 'MISSING_ELEMENT' && onAllowEmpty ? REFERER_EC.allowEmptyMissing
    : err.code === 'INVALID_VALUE' && onAllowEmpty ? REFERER_EC.allowEmptyInvalid
    : err.code === 'MALFORMED_XML' || err.code === 'UNEXPECTED_ROOT' ? REFERER_EC.body
    : undefined;
  const mapped = codecToOss(err);
  return ec ? new OssEmulatorError(400, 'MalformedXML', mapped.message, ec, mapped.fields) : mapped;
}

export async function putBucketReferer(ctx: RequestContext): Promise<void> {
  const entry = requireBucket(ctx);
  const xml = (await readSmallBody(ctx)).toString('utf8');
  let referer: RefererConfiguration;
  try {
    referer = refererWithList(xml);
  } catch (err) {
    throw refererCodecToOss(err);
  }
  validateReferer(referer);
  ctx.core.store.updateBucket(entry, { referer });
  send(ctx, 200);
}

export async function getBucketReferer(ctx: RequestContext): Promise<void> {
  const referer = requireBucket(ctx).state.referer ?? { ...DEFAULT_REFERER_CONFIGURATION, refererList: [] };
  sendXml(ctx, 200, XML_DECLARATION + refererToXml(referer));
}
