import { MIRROR_TIMEOUT_MS, externalRedirect, matchRoutingRule, mirrorsMethod } from '../../../shared/mirror/index.ts';
import type { RoutingRule } from '../../../shared/oss/models/website.ts';
import type { DataPlaneContext, DataPlaneEnv, DataPlaneHook, DataPlaneResult } from '../dataplane-hook.ts';
import { OssEmulatorError, ossErrors } from '../errors.ts';
import { CORS_ASSUMPTIONS, WEBSITE_ASSUMPTIONS } from './assumptions.ts';
import { actualRequestCorsHeaders, answerPreflight } from './cors.ts';
import { mirrorObject, type RoleContext } from './mirror.ts';
import { bindMirrorQuota, withinMirrorQuota } from './mirror-quota.ts';
import type { MirrorRoleStore } from './mirror-role.ts';
import type { OriginFetchOptions } from './origin-fetch.ts';
import { refererDenial } from './referer.ts';
import { answer, serveObject } from './respond.ts';
import { errorDocument, subDirStep, websiteKeyFor } from './website.ts';

/** `dataPlaneOptions` of startEmulator, as the data plane reads them. */
export interface DataPlaneOptions {
  /** Back-to-origin timeout (default 10 s, OSS's). */
  mirrorTimeoutMs?: number;
  /** Extra trusted CA certificates (PEM) for HTTPS origins. */
  originCa?: string | Buffer | Array<string | Buffer>;
  /**
   * false turns Referer enforcement off (tests of audits that must see it off). Default true. Read on
   * every request, so a test may flip it on the options object it passed to startEmulator.
   */
  enforceReferer?: boolean;
  /**
   * The role store for MirrorUsingRole: role name → the keys that act for it (the emulator has no RAM).
   * Read on every request. A rule whose role is missing fails with 424 MirrorFailed.
   */
  mirrorRoles?: MirrorRoleStore;
}

const HANDLED: DataPlaneResult = { handled: true };

function one(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v.join(',') : v;
}

function isAnonymous(ctx: DataPlaneContext): boolean {
  return ctx.authKind === 'anonymous';
}

/** Website behaviour: anonymous requests (WEBSITE_ASSUMPTIONS.anonymousOnly) that the bucket ACL lets read. */
function websiteApplies(ctx: DataPlaneContext): boolean {
  if (!ctx.entry.state.website) return false;
  if (!isAnonymous(ctx)) return !WEBSITE_ASSUMPTIONS.anonymousOnly;
  return ctx.entry.state.acl !== 'private' && !ctx.entry.state.publicAccessBlock;
}

/** Path-style requests carry the bucket in the path; virtual-hosted ones in the Host. */
function pathPrefix(ctx: DataPlaneContext): string {
  const host = (one(ctx.headers.host) ?? '').toLowerCase();
  return host.startsWith(`${ctx.bucket}.`) ? '' : `/${ctx.bucket}`;
}

function checkReferer(ctx: DataPlaneContext, enforce: boolean): void {
  const config = ctx.entry.state.referer;
  if (!enforce || !config || ctx.authKind === 'v4' || ctx.authKind === 'v1') return;
  const denied = refererDenial(config, one(ctx.headers.referer));
  if (denied) throw denied;
}

function requestHost(ctx: DataPlaneContext): string {
  return one(ctx.headers.host) ?? '127.0.0.1';
}

function answerRedirect(ctx: DataPlaneContext, rule: RoutingRule): DataPlaneResult {
  const url = ctx.req.url ?? '';
  const q = url.indexOf('?');
  // Without HostName the Location points back at this bucket: on a path-style request that path includes it.
  const redirect = externalRedirect(rule, {
    key: ctx.key,
    host: requestHost(ctx) + (rule.redirect.hostName ? '' : pathPrefix(ctx)),
    protocol: 'http',
    ...(q < 0 ? {} : { rawQuery: url.slice(q + 1) }),
  });
  answer(ctx, redirect.status, { location: redirect.location });
  return HANDLED;
}

/** The routing rule answer for a request whose status would be `status`, or undefined. */
async function runRoutingRule(ctx: DataPlaneContext, status: number, originFetch: OriginFetchOptions, role: RoleContext): Promise<DataPlaneResult | undefined> {
  const rule = matchRoutingRule(ctx.entry.state.website?.routingRules, { key: ctx.key, httpStatus: status, headers: ctx.headers });
  if (!rule) return undefined;
  const type = rule.redirect.redirectType;
  if (type === 'External' || (type === 'AliCDN' && WEBSITE_ASSUMPTIONS.aliCdnAsExternal)) return answerRedirect(ctx, rule);
  if (type === 'Mirror' && status === 404 && mirrorsMethod(rule.redirect, ctx.method)) {
    await withinMirrorQuota(ctx, originFetch, () => mirrorObject(ctx, rule, originFetch, role));
    return HANDLED;
  }
  return undefined;
}

/** Website steps after the routing rules for a missing key: sub-directory index (Type), error document. */
function websiteMissing(ctx: DataPlaneContext): DataPlaneResult | undefined {
  if (!websiteApplies(ctx)) return undefined;
  const website = ctx.entry.state.website;
  const step = subDirStep(website, ctx.key, (k) => ctx.entry.objects.has(k));
  if (step.kind === 'redirect') {
    answer(ctx, step.status, { location: pathPrefix(ctx) + step.location });
    return HANDLED;
  }
  if (step.kind === 'serve') {
    serveObject(ctx, ctx.entry.objects.get(step.key)!);
    return HANDLED;
  }
  const doc = errorDocument(website);
  const obj = doc && ctx.entry.objects.get(doc.key);
  if (!doc || !obj) return undefined;
  serveObject(ctx, obj, doc.status);
  return HANDLED;
}

/** The data plane: Referer (every object request), CORS, routing rules (mirror, External), static website. */
export function createDataPlane(env: DataPlaneEnv): DataPlaneHook {
  const options = env.options as DataPlaneOptions;
  const originFetch: OriginFetchOptions = { timeoutMs: options.mirrorTimeoutMs ?? MIRROR_TIMEOUT_MS };
  if (options.originCa !== undefined) originFetch.ca = options.originCa;
  const roleContext = (): RoleContext => (options.mirrorRoles ? { roles: options.mirrorRoles, region: env.region } : { region: env.region });
  bindMirrorQuota(originFetch, env.options);

  async function missing(ctx: DataPlaneContext): Promise<DataPlaneResult | void> {
    try {
      const routed = await runRoutingRule(ctx, 404, originFetch, roleContext());
      if (routed) return routed;
    } catch (err) {
      const originMissing = err instanceof OssEmulatorError && err.code === 'NoSuchKey';
      if (!originMissing || !WEBSITE_ASSUMPTIONS.errorDocumentAfterMirror404) throw err;
    }
    return websiteMissing(ctx);
  }

  return {
    async beforeObject(ctx) {
      const origin = one(ctx.headers.origin);
      Object.assign(ctx.responseHeaders, actualRequestCorsHeaders(ctx.entry.state.cors, origin, ctx.method));
      checkReferer(ctx, options.enforceReferer !== false);
      if (ctx.op === 'ListObjects' && !(websiteApplies(ctx) && ctx.key === '')) return;
      const websiteKey = websiteApplies(ctx) ? websiteKeyFor(ctx.entry.state.website, ctx.key) : ctx.key;
      if (websiteKey !== ctx.key) {
        ctx.key = websiteKey;
        const obj = ctx.entry.objects.get(websiteKey);
        if (obj) {
          serveObject(ctx, obj);
          return HANDLED;
        }
        const handled = await missing(ctx);
        if (handled) return handled;
        throw ossErrors.noSuchKey(websiteKey);
      }
      if (ctx.entry.objects.has(ctx.key)) return (await runRoutingRule(ctx, 200, originFetch, roleContext())) ?? undefined;
      return undefined;
    },
    async beforeObjectWrite(ctx) {
      Object.assign(ctx.responseHeaders, actualRequestCorsHeaders(ctx.entry.state.cors, one(ctx.headers.origin), ctx.method));
      checkReferer(ctx, options.enforceReferer !== false);
    },
    onMissing: missing,
    async options(ctx) {
      const pre = answerPreflight(
        ctx.entry.state.cors,
        one(ctx.headers.origin),
        one(ctx.headers['access-control-request-method']),
        one(ctx.headers['access-control-request-headers']),
      );
      if ('denied' in pre) {
        Object.assign(ctx.responseHeaders, pre.headers);
        throw new OssEmulatorError(pre.status, pre.code, pre.message, CORS_ASSUMPTIONS.deniedEc);
      }
      answer(ctx, 200, pre.headers);
      return HANDLED;
    },
  };
}
