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

export async function putBucketWebsite(ctx: RequestContext): Promise<void> {
  const entry = requireBucket(ctx);
  const website = await parseBody(ctx, websiteFromXml);
  validateWebsite(website);
  ctx.core.store.updateBucket(entry, { website });
  send(ctx, 200);
}

export async function getBucketWebsite(ctx: RequestContext): Promise<void> {
  const website = requireBucket(ctx).state.website;
  if (!website) {
    throw new OssEmulatorError(404, 'NoSuchWebsiteConfiguration', 'The specified bucket does not have a website configuration.', '0019-00000101', {
      BucketName: ctx.bucket,
    });
  }
  sendXml(ctx, 200, XML_DECLARATION + websiteToXml(website));
}

export async function deleteBucketWebsite(ctx: RequestContext): Promise<void> {
  const entry = requireBucket(ctx);
  ctx.core.store.updateBucket(entry, { website: undefined });
  send(ctx, 204);
}

export async function putBucketCors(ctx: RequestContext): Promise<void> {
  const entry = requireBucket(ctx);
  const cors = await parseBody(ctx, corsFromXml);
  validateCors(cors);
  ctx.core.store.updateBucket(entry, { cors });
  send(ctx, 200);
}

export async function getBucketCors(ctx: RequestContext): Promise<void> {
  const cors = requireBucket(ctx).state.cors;
  if (!cors) {
    throw new OssEmulatorError(404, 'NoSuchCORSConfiguration', 'The CORS configuration does not exist.', '0034-00000001', { BucketName: ctx.bucket });
  }
  sendXml(ctx, 200, XML_DECLARATION + corsToXml(cors));
}

export async function deleteBucketCors(ctx: RequestContext): Promise<void> {
  const entry = requireBucket(ctx);
  ctx.core.store.updateBucket(entry, { cors: undefined });
  send(ctx, 204);
}

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
