import { describe, expect, it } from 'vitest';
import { loadConfigOrThrow, planBucket, diffReferer, diffWebsite, resolveWebsiteSecrets } from '../../../shared/config/index.ts';
import type { CorsConfiguration } from '../../../shared/oss/models/cors.ts';
import type { RefererConfiguration } from '../../../shared/oss/models/referer.ts';
import type { WebsiteConfiguration } from '../../../shared/oss/models/website.ts';
import { MASKED } from './models.ts';

const FILE = `version: 1
buckets:
  assets:
    website:
      indexDocument: {suffix: index.html}
      errorDocument: {key: error.html}
      routingRules:
        - condition:
            keyPrefixEquals: img/
            httpErrorCodeReturnedEquals: 404
            includeHeaders: [{key: Host, equals: cdn.example.com}, {key: x-app, startsWith: web-}]
          redirect:
            redirectType: Mirror
            mirrorURL: https://origin.example.com/
            mirrorHeaders:
              pass: [x-a, x-b]
              remove: [cookie, x-c]
              set: [{key: x-one, value: "1"}, {key: x-two, value: "2"}]
            mirrorMultiAlternates:
              - {mirrorMultiAlternateNumber: 1, mirrorMultiAlternateURL: "https://alt1.example.com/"}
              - {mirrorMultiAlternateNumber: 2, mirrorMultiAlternateURL: "https://alt2.example.com/"}
            mirrorAuth: {accessKeyId: AKID, accessKeySecret: "\${env:OSSEDGE_SECRET_ORIGIN}"}
            transparentMirrorResponseCodes: "400,404"
        - condition: {keyPrefixEquals: old/}
          redirect: {redirectType: External, hostName: new.example.com}
    cors:
      rules:
        - {allowedOrigin: ["https://a.example.com", "https://b.example.com"], allowedMethod: [GET, HEAD], allowedHeader: [Authorization, x-foo], exposeHeader: [ETag]}
    referer:
      allowEmptyReferer: false
      refererList: ["https://a.example.com", "https://*.b.example.com"]
`;

const desired = async () => (await loadConfigOrThrow(FILE)).config.buckets[0]!;

/** The same settings as OSS might return them: defaults explicit, lists reordered, other case, masked secret, empty elements. */
function liveInAnotherShape(): { website: WebsiteConfiguration; cors: CorsConfiguration; referer: RefererConfiguration } {
  return {
    website: {
      errorDocument: { key: 'error.html', httpStatus: 404 },
      indexDocument: { suffix: 'index.html', supportSubDir: false, type: 0 },
      routingRules: [
        {
          ruleNumber: 2,
          condition: { keyPrefixEquals: 'old/', keySuffixEquals: '' },
          redirect: { redirectType: 'External', hostName: 'new.example.com', httpRedirectCode: 302, passQueryString: false, mirrorHeaders: { passAll: false } },
        },
        {
          ruleNumber: 1,
          condition: {
            includeHeaders: [{ key: 'x-app', startsWith: 'web-' }, { key: 'host', equals: 'cdn.example.com' }],
            httpErrorCodeReturnedEquals: 404,
            keyPrefixEquals: 'img/',
          },
          redirect: {
            redirectType: 'Mirror',
            mirrorURL: 'https://origin.example.com/',
            mirrorFollowRedirect: true,
            mirrorCheckMd5: false,
            mirrorSNI: false,
            passQueryString: false,
            mirrorPassQueryString: false,
            mirrorHeaders: {
              passAll: false,
              pass: ['X-B', 'x-a'],
              remove: ['x-c', 'Cookie'],
              set: [{ key: 'x-two', value: '2' }, { key: 'X-One', value: '1' }],
            },
            mirrorMultiAlternates: [
              { mirrorMultiAlternateNumber: 2, mirrorMultiAlternateURL: 'https://alt2.example.com/' },
              { mirrorMultiAlternateNumber: 1, mirrorMultiAlternateURL: 'https://alt1.example.com/' },
            ],
            mirrorAuth: { accessKeyId: 'AKID', accessKeySecret: MASKED },
            transparentMirrorResponseCodes: '404, 400',
            mirrorTaggings: [],
            mirrorURLSlave: '',
          },
          luaConfig: {},
        },
      ],
    },
    cors: {
      rules: [{ allowedOrigin: ['https://b.example.com', 'https://a.example.com'], allowedMethod: ['HEAD', 'GET'], allowedHeader: ['x-foo', 'authorization'], exposeHeader: ['etag'] }],
    },
    referer: { allowEmptyReferer: false, refererList: ['https://*.b.example.com', 'https://a.example.com'], refererBlacklist: [] },
  };
}

describe('semantic diff', () => {
  it('gives an empty plan for an unchanged bucket in another shape', async () => {
    const plan = planBucket(await desired(), liveInAnotherShape());
    expect([plan.website, plan.cors, plan.referer].map((s) => [s.action, s.changes])).toEqual([
      ['none', []],
      ['none', []],
      ['none', []],
    ]);
    expect(plan.changed).toBe(false);
    expect(plan.text).toEqual([]);
  });

  it('reports a changed mirrorURL as one structured change and one line', async () => {
    const live = liveInAnotherShape();
    live.website.routingRules![1]!.redirect.mirrorURL = 'https://old-origin.example.com/';
    const plan = planBucket(await desired(), live);
    expect(plan.website.action).toBe('update');
    expect(plan.website.changes).toEqual([
      { path: 'routingRules[0].redirect.mirrorURL', op: 'change', before: 'https://old-origin.example.com/', after: 'https://origin.example.com/' },
    ]);
    expect(plan.text).toEqual(['assets: ~ website.routingRules[0].redirect.mirrorURL: "https://old-origin.example.com/" → "https://origin.example.com/"']);
    expect(plan.website.desired!.routingRules![0]!.redirect.mirrorURL).toBe('https://origin.example.com/');
  });

  it('treats rule priority as significant', async () => {
    const live = liveInAnotherShape();
    live.website.routingRules![0]!.ruleNumber = 1;
    live.website.routingRules![1]!.ruleNumber = 2;
    const plan = planBucket(await desired(), live);
    expect(plan.website.action).toBe('update');
    expect(plan.website.changes.some((c) => c.path === 'routingRules[0].condition.keyPrefixEquals')).toBe(true);
  });

  it('treats CORS rule order as significant and origin order as not', async () => {
    const d = (await loadConfigOrThrow(`version: 1
buckets:
  assets:
    cors:
      rules:
        - {allowedOrigin: ["https://a.example.com"], allowedMethod: [GET]}
        - {allowedOrigin: ["*"], allowedMethod: [GET, PUT]}
`)).config.buckets[0]!;
    const swapped: CorsConfiguration = {
      rules: [
        { allowedOrigin: ['*'], allowedMethod: ['PUT', 'GET'] },
        { allowedOrigin: ['https://a.example.com'], allowedMethod: ['GET'] },
      ],
    };
    expect(planBucket(d, { website: null, cors: swapped }).cors.action).toBe('update');
    expect(planBucket(d, { website: null, cors: { rules: [...swapped.rules].reverse(), responseVary: false } }).cors.action).toBe('none');
  });

  it('reads Referer lists as sets and a missing blacklist as empty', () => {
    const plan = diffReferer({ allowEmptyReferer: true, refererList: ['https://b.example.com', 'https://a.example.com'] }, {
      allowEmptyReferer: true,
      allowTruncateQueryString: true,
      truncatePath: false,
      refererList: ['https://a.example.com', 'https://b.example.com', 'https://a.example.com'],
    });
    expect(plan.action).toBe('none');
  });

  it('shows added and removed Referer entries', () => {
    const plan = diffReferer({ allowEmptyReferer: true, refererList: ['https://a.example.com', 'https://c.example.com'] }, { allowEmptyReferer: true, refererList: ['https://a.example.com', 'https://b.example.com'] });
    expect(plan.action).toBe('update');
    expect(plan.text).toEqual(['~ referer.refererList: added "https://c.example.com"; removed "https://b.example.com"']);
  });

  it('creates a missing section, deletes a null one, and leaves an absent one alone', async () => {
    const d = await desired();
    const created = planBucket(d, { website: null, cors: null });
    expect(created.website.action).toBe('create');
    expect(created.cors.action).toBe('create');
    expect(created.referer.action).toBe('update');
    expect(created.website.text).toContain('+ website.indexDocument: {"suffix":"index.html","supportSubDir":false}');
    expect(created.website.desired).toEqual(d.website!.config);

    const live = liveInAnotherShape();
    const deleted = planBucket({ name: 'assets', website: null, cors: null }, live);
    expect([deleted.website.action, deleted.cors.action, deleted.referer.action]).toEqual(['delete', 'delete', 'none']);
    expect(deleted.referer.managed).toBe(false);
    expect(deleted.website.desired).toBeNull();
    expect(deleted.website.text).toEqual(['- website (deleted)']);

    expect(planBucket({ name: 'assets', website: null }, { website: null, cors: null }).website.action).toBe('none');
  });

  it('resets a null Referer section to the OSS default', () => {
    const live: RefererConfiguration = { allowEmptyReferer: false, refererList: ['https://a.example.com'] };
    const plan = diffReferer(null, live);
    expect(plan.action).toBe('update');
    expect(plan.desired).toEqual({ allowEmptyReferer: true, allowTruncateQueryString: true, refererList: [] });
    expect(diffReferer(null, { allowEmptyReferer: true, refererList: [] }).action).toBe('none');
  });

  it('never diffs on or prints a masked or live mirror secret', async () => {
    const live = liveInAnotherShape();
    live.website.routingRules![1]!.redirect.mirrorAuth!.accessKeySecret = 'LiveSecretValue';
    expect(planBucket(await desired(), live).website.action).toBe('none');
    const deleted = diffWebsite(null, live.website);
    expect(deleted.action).toBe('delete');
    expect(JSON.stringify(deleted)).not.toContain('LiveSecretValue');
    live.website.routingRules![1]!.redirect.mirrorURL = 'https://elsewhere.example.com/';
    const updated = planBucket(await desired(), live);
    expect(updated.website.action).toBe('update');
    expect(JSON.stringify({ c: updated.website.changes, t: updated.text })).not.toContain('LiveSecretValue');
  });

  it('hands apply a model whose secrets resolve from the injected env only', async () => {
    const plan = planBucket(await desired(), { website: null, cors: null });
    const model = plan.website.desired!;
    expect(JSON.stringify(plan)).not.toContain('s3cr3t');
    const resolved = resolveWebsiteSecrets(model, { OSSEDGE_SECRET_ORIGIN: 's3cr3t' });
    expect(resolved.routingRules![0]!.redirect.mirrorAuth!.accessKeySecret).toBe('s3cr3t');
    expect(model.routingRules![0]!.redirect.mirrorAuth!.accessKeySecret).toBe('${env:OSSEDGE_SECRET_ORIGIN}');
  });

  it('sees a changed default as a change', async () => {
    const live = liveInAnotherShape();
    live.website.routingRules![1]!.redirect.mirrorFollowRedirect = false;
    const plan = planBucket(await desired(), live);
    expect(plan.website.changes).toEqual([{ path: 'routingRules[0].redirect.mirrorFollowRedirect', op: 'change', before: false, after: true }]);
  });

  it('lists an added or removed rule as one line each, without default flags', async () => {
    const live = liveInAnotherShape();
    const removed = live.website.routingRules!.splice(0, 1);
    const plan = planBucket(await desired(), live);
    expect(plan.website.changes.map((c) => [c.path, c.op])).toEqual([['routingRules[1]', 'add']]);
    expect(plan.website.text).toEqual(['+ website.routingRules[1]: {"ruleNumber":2,"condition":{"keyPrefixEquals":"old/"},"redirect":{"redirectType":"External","hostName":"new.example.com"}}']);
    live.website.routingRules!.push(...removed, { ...removed[0]!, ruleNumber: 3 });
    expect(planBucket(await desired(), live).website.changes.map((c) => [c.path, c.op])).toEqual([['routingRules[2]', 'remove']]);
  });
});
