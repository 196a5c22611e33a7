import { XmlCodecError } from '../../shared/oss/xml/errors.ts';
import { isBucketName } from '../../shared/oss/endpoint.ts';
import { header, readSmallBody, requireBucket, send, sendXml, type RequestContext } from './context.ts';
import { OssEmulatorError, ossErrors } from './errors.ts';
import { BUCKET_ACLS, type BucketAcl, type BucketState } from './types.ts';
import { XML_DECLARATION, el, isoTime, xmlEscape } from './xml-out.ts';

/** Bucket operations: list, create, delete, ACL, info, location, policy, public access block, CNAME. */

const DEFAULT_MAX_BUCKETS = 100;

function owner(ctx: RequestContext): string {
  return `<Owner><ID>${ctx.core.ownerId}</ID><DisplayName>${ctx.core.ownerId}</DisplayName></Owner>`;
}

function endpoints(ctx: RequestContext): string {
  const r = ctx.core.region;
  return `<ExtranetEndpoint>oss-${r}.aliyuncs.com</ExtranetEndpoint><IntranetEndpoint>oss-${r}-internal.aliyuncs.com</IntranetEndpoint><Location>oss-${r}</Location>`;
}

export function parseAcl(value: string | undefined): BucketAcl | undefined {
  if (value === undefined) return undefined;
  if ((BUCKET_ACLS as readonly string[]).includes(value)) return value as BucketAcl;
  throw ossErrors.invalidArgument('no such bucket access control exists', 'x-oss-acl', value, '0015-00000204');
}

function intParam(ctx: RequestContext, name: string, def: number, max: number): number {
  const v = ctx.query.get(name);
  if (v === undefined || v === '') return def;
  if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > max) throw ossErrors.invalidArgument(`${name} must be an integer in 1..${max}.`, name, v, '0016-00000101');
  return Number(v);
}

export async function listBuckets(ctx: RequestContext): Promise<void> {
  const prefix = ctx.query.get('prefix') ?? '';
  const marker = ctx.query.get('marker') ?? '';
  const maxKeys = intParam(ctx, 'max-keys', DEFAULT_MAX_BUCKETS, 1000);
  const names = ctx.core.store.bucketNames().filter((n) => n.startsWith(prefix) && n > marker);
  const page = names.slice(0, maxKeys);
  const truncated = names.length > page.length;
  let xml = `${XML_DECLARATION}<ListAllMyBucketsResult>`;
  if (ctx.query.has('prefix')) xml += el('Prefix', prefix);
  if (ctx.query.has('marker')) xml += el('Marker', marker);
  if (ctx.query.has('max-keys')) xml += el('MaxKeys', maxKeys);
  if (truncated) xml += `<IsTruncated>true</IsTruncated>${el('NextMarker', page[page.length - 1])}`;
  else if (ctx.query.has('max-keys')) xml += '<IsTruncated>false</IsTruncated>';
  xml += `${owner(ctx)}<Buckets>`;
  for (const name of page) {
    const s = ctx.core.store.bucket(name)!.state;
    xml += `<Bucket><CreationDate>${isoTime(s.creationDate)}</CreationDate>${endpoints(ctx)}<Name>${name}</Name><Region>${ctx.core.region}</Region><StorageClass>${s.storageClass}</StorageClass></Bucket>`;
  }
  sendXml(ctx, 200, `${xml}</Buckets></ListAllMyBucketsResult>`);
}

export async function createBucket(ctx: RequestContext): Promise<void> {
  const name = ctx.bucket!;
  if (!isBucketName(name)) throw ossErrors.invalidBucketName(name);
  const acl = parseAcl(header(ctx, 'x-oss-acl')) ?? 'private';
  const body = (await readSmallBody(ctx)).toString('utf8');
  let storageClass = 'Standard';
  if (body.trim() !== '') {
    const m = /<CreateBucketConfiguration[\s>]/.test(body) ? /<StorageClass>\s*([^<]*?)\s*<\/StorageClass>/.exec(body) : null;
    if (!/<CreateBucketConfiguration[\s>/]/.test(body)) throw ossErrors.malformedXml('the root node is not named CreateBucketConfiguration.');
    if (m) {
      if (!['Standard', 'IA', 'Archive', 'ColdArchive', 'DeepColdArchive'].includes(m[1]!)) {
        throw ossErrors.invalidArgument('Invalid storage class.', 'StorageClass', m[1], '0015-00000202');
      }
      storageClass = m[1]!;
    }
  }
  if (ctx.core.store.bucket(name)) {
    throw new OssEmulatorError(409, 'BucketAlreadyExists', 'The requested bucket name is not available.', '0015-00000104', { BucketName: name });
  }
  const state: BucketState = { name, creationDate: ctx.core.now(), acl, storageClass, cnames: [] };
  ctx.core.store.createBucket(state);
  send(ctx, 200, '', { Location: `/${name}` });
}

export async function deleteBucket(ctx: RequestContext): Promise<void> {
  const entry = requireBucket(ctx);
  if (entry.objects.size > 0) {
    throw new OssEmulatorError(409, 'BucketNotEmpty', 'The bucket you tried to delete is not empty.', '0015-00000301', { BucketName: ctx.bucket });
  }
  ctx.core.store.deleteBucket(ctx.bucket!);
  send(ctx, 204);
}

export async function putBucketAcl(ctx: RequestContext): Promise<void> {
  const entry = requireBucket(ctx);
  const acl = parseAcl(header(ctx, 'x-oss-acl'));
  await readSmallBody(ctx);
  if (!acl) throw ossErrors.invalidArgument('x-oss-acl is required.', 'x-oss-acl', undefined, '0015-00000204');
  ctx.core.store.updateBucket(entry, { acl });
  send(ctx, 200);
}

export async function getBucketAcl(ctx: RequestContext): Promise<void> {
  const entry = requireBucket(ctx);
  sendXml(ctx, 200, `${XML_DECLARATION}<AccessControlPolicy>${owner(ctx)}<AccessControlList><Grant>${entry.state.acl}</Grant></AccessControlList></AccessControlPolicy>`);
}

export async function getBucketInfo(ctx: RequestContext): Promise<void> {
  const s = requireBucket(ctx).state;
  sendXml(
    ctx,
    200,
    `${XML_DECLARATION}<BucketInfo><Bucket><AccessMonitor>Disabled</AccessMonitor><CreationDate>${isoTime(s.creationDate)}</CreationDate>` +
      `${endpoints(ctx)}<StorageClass>${s.storageClass}</StorageClass><TransferAcceleration>Disabled</TransferAcceleration>` +
      `<CrossRegionReplication>Disabled</CrossRegionReplication><DataRedundancyType>LRS</DataRedundancyType><Name>${s.name}</Name>` +
      `<Region>${ctx.core.region}</Region>${owner(ctx)}<AccessControlList><Grant>${s.acl}</Grant></AccessControlList>` +
      `<Versioning>Disabled</Versioning><BlockPublicAccess>${s.publicAccessBlock === true}</BlockPublicAccess></Bucket></BucketInfo>`,
  );
}

export async function getBucketLocation(ctx: RequestContext): Promise<void> {
  requireBucket(ctx);
  sendXml(ctx, 200, `${XML_DECLARATION}<LocationConstraint>oss-${ctx.core.region}</LocationConstraint>`);
}

export async function putBucketPolicy(ctx: RequestContext): Promise<void> {
  const entry = requireBucket(ctx);
  const text = (await readSmallBody(ctx, 16 * 1024)).toString('utf8');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new OssEmulatorError(400, 'InvalidPolicyDocument', 'The content of the form does not meet the conditions specified in the policy document.', '0031-00000301');
  }
  const d = doc as { Version?: unknown; Statement?: unknown };
  if (typeof doc !== 'object' || doc === null || typeof d.Version !== 'string' || !Array.isArray(d.Statement)) {
    throw new OssEmulatorError(400, 'InvalidPolicyDocument', 'A policy needs Version and a Statement list.', '0031-00000301');
  }
  ctx.core.store.updateBucket(entry, { policy: text });
  send(ctx, 200);
}

export async function getBucketPolicy(ctx: RequestContext): Promise<void> {
  const entry = requireBucket(ctx);
  if (entry.state.policy === undefined) {
    throw new OssEmulatorError(404, 'NoSuchBucketPolicy', 'The bucket policy does not exist.', '0031-00000101', { BucketName: ctx.bucket });
  }
  send(ctx, 200, entry.state.policy, { 'Content-Type': 'application/json' });
}

export async function deleteBucketPolicy(ctx: RequestContext): Promise<void> {
  const entry = requireBucket(ctx);
  ctx.core.store.updateBucket(entry, { policy: undefined });
  send(ctx, 204);
}

export async function getBucketPublicAccessBlock(ctx: RequestContext): Promise<void> {
  const entry = requireBucket(ctx);
  sendXml(
    ctx,
    200,
    `${XML_DECLARATION}<PublicAccessBlockConfiguration><BlockPublicAccess>${entry.state.publicAccessBlock === true}</BlockPublicAccess></PublicAccessBlockConfiguration>`,
  );
}

export async function putBucketPublicAccessBlock(ctx: RequestContext): Promise<void> {
  const entry = requireBucket(ctx);
  const body = (await readSmallBody(ctx)).toString('utf8');
  const m = /<PublicAccessBlockConfiguration[^>]*>[\s\S]*<BlockPublicAccess>\s*(true|false)\s*<\/BlockPublicAccess>/.exec(body);
  if (!m) throw ossErrors.malformedXml('PublicAccessBlockConfiguration/BlockPublicAccess must be true or false.');
  ctx.core.store.updateBucket(entry, { publicAccessBlock: m[1] === 'true' });
  send(ctx, 200);
}

export async function deleteBucketPublicAccessBlock(ctx: RequestContext): Promise<void> {
  const entry = requireBucket(ctx);
  ctx.core.store.updateBucket(entry, { publicAccessBlock: undefined });
  send(ctx, 204);
}

export async function listCname(ctx: RequestContext): Promise<void> {
  const entry = requireBucket(ctx);
  let xml = `${XML_DECLARATION}<ListCnameResult><Bucket>${entry.state.name}</Bucket><Owner>${ctx.core.ownerId}</Owner>`;
  for (const c of entry.state.cnames) {
    xml += `<Cname><Domain>${xmlEscape(c.domain)}</Domain><LastModified>${isoTime(c.lastModified ?? entry.state.creationDate)}</LastModified><Status>${c.status ?? 'Enabled'}</Status></Cname>`;
  }
  sendXml(ctx, 200, `${xml}</ListCnameResult>`);
}

/** Maps a codec failure on a client's body to OSS's answer (HttpStatus not an integer is InvalidArgument). */
export function codecToOss(err: unknown): OssEmulatorError {
  if (err instanceof XmlCodecError) {
    if (err.code === 'INVALID_VALUE' && err.element?.endsWith('HttpStatus')) {
      return ossErrors.invalidArgument('HttpStatus must be an integer.', 'HttpStatus', undefined, '0019-00000002');
    }
    return ossErrors.malformedXml(err.message);
  }
  if (err instanceof OssEmulatorError) return err;
  return ossErrors.malformedXml();
}
