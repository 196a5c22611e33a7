import OSS from 'ali-oss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { putRules, startRig, type Rig } from './rig.ts';

// Referer, CORS and static website as a browser meets them: ali-oss configures the buckets (where it can
// express the setting; blacklist, truncation, ResponseVary and ErrorDocument HttpStatus go through the
// emulator's seed because ali-oss 6.23 cannot send them), anonymous fetch requests carry Referer / Origin.
// Expected answers: the 0003-00000501/502/503 help pages, the 403 error page (AccessDenied "You are denied by
// bucket referer policy.", AccessForbidden "CORSResponse: ..."), PutBucketCors matching rules and the
// IndexDocument / ErrorDocument field docs.

let rig: Rig;
let offRig: Rig;

const ec = async (res: Response) => /<EC>([^<]+)<\/EC>/.exec(await res.text())?.[1];

beforeAll(async () => {
  [rig, offRig] = await Promise.all([startRig(), startRig({ enforceReferer: false })]);
});
afterAll(async () => {
  await rig?.close();
  await offRig?.close();
});

describe('Referer hotlink protection', () => {
  beforeAll(async () => {
    const c = await rig.bucket('hotlink');
    rig.emu.seed.putObject('hotlink', 'test.txt', 'protected');
    await c.putBucketReferer('hotlink', false, ['http://*.aliyuncs.com']);
  });
  const get = (referer?: string) => fetch(rig.url('hotlink', 'test.txt'), referer === undefined ? {} : { headers: { referer } });

  it('allows a whitelisted Referer (0003-00000503 solution)', async () => {
    const res = await get('http://test.aliyuncs.com');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('protected');
  });

  it('denies a Referer outside the whitelist with 403 AccessDenied, EC 0003-00000503', async () => {
    const res = await get('http://test.com');
    expect(res.status).toBe(403);
    const body = await res.clone().text();
    expect(body).toContain('<Code>AccessDenied</Code>');
    expect(body).toContain('You are denied by bucket referer policy.');
    expect(await ec(res)).toBe('0003-00000503');
  });

  it('denies an empty Referer when AllowEmptyReferer is false, EC 0003-00000501', async () => {
    const res = await get();
    expect(res.status).toBe(403);
    expect(await ec(res)).toBe('0003-00000501');
  });

  it('denies a blacklisted Referer before the whitelist, EC 0003-00000502', async () => {
    rig.emu.seed.setReferer('hotlink', { allowEmptyReferer: false, refererList: ['http://*.aliyuncs.com'], refererBlacklist: ['http://abc.aliyuncs.com'] });
    const res = await get('http://abc.aliyuncs.com');
    expect(res.status).toBe(403);
    expect(await ec(res)).toBe('0003-00000502');
    expect((await get('http://test.aliyuncs.com')).status).toBe(200);
  });

  it('does not check a request signed in the Authorization header (ali-oss GET without Referer)', async () => {
    const { content } = await rig.client('hotlink').get('test.txt');
    expect(String(content)).toBe('protected');
  });

  it('checks presigned URLs', async () => {
    const presigner = new OSS({
      endpoint: rig.emu.endpoint.replace('127.0.0.1', 'localhost'),
      accessKeyId: rig.emu.accessKeyId,
      accessKeySecret: rig.emu.accessKeySecret,
      bucket: 'hotlink',
      sldEnable: true,
    } as OSS.Options);
    const url = presigner.signatureUrl('test.txt', { expires: 600 });
    expect((await fetch(url, { headers: { referer: 'http://test.com' } })).status).toBe(403);
    expect((await fetch(url, { headers: { referer: 'http://test.aliyuncs.com' } })).status).toBe(200);
  });

  it('serves every Referer when enforcement is switched off', async () => {
    const c = await offRig.bucket('hotlink-off');
    offRig.emu.seed.putObject('hotlink-off', 'test.txt', 'open');
    await c.putBucketReferer('hotlink-off', false, ['http://*.aliyuncs.com']);
    expect((await fetch(offRig.url('hotlink-off', 'test.txt'), { headers: { referer: 'http://test.com' } })).status).toBe(200);
  });

  it('follows a flip of enforceReferer on the options object at run time', async () => {
    const options: Record<string, unknown> = { enforceReferer: true };
    const flip = await startRig(options);
    try {
      const c = await flip.bucket('hotlink-flip');
      flip.emu.seed.putObject('hotlink-flip', 'test.txt', 'x');
      await c.putBucketReferer('hotlink-flip', false, ['http://*.aliyuncs.com']);
      const get = () => fetch(flip.url('hotlink-flip', 'test.txt'), { headers: { referer: 'http://test.com' } });
      expect((await get()).status).toBe(403);
      options.enforceReferer = false;
      expect((await get()).status).toBe(200);
    } finally {
      await flip.close();
    }
  });
});

describe('CORS', () => {
  beforeAll(async () => {
    const c = await rig.bucket('cors-site');
    rig.emu.seed.putObject('cors-site', 'app.js', 'js');
    await c.putBucketCORS('cors-site', [
      { allowedOrigin: 'https://*.example.com', allowedMethod: ['GET', 'HEAD'], allowedHeader: 'x-custom', exposeHeader: ['ETag', 'x-oss-request-id'], maxAgeSeconds: '100' },
    ]);
  });
  const preflight = (headers: Record<string, string>) => fetch(rig.url('cors-site', 'app.js'), { method: 'OPTIONS', headers });

  it('answers an allowed preflight with the Access-Control-* headers', async () => {
    const res = await preflight({ origin: 'https://www.example.com', 'access-control-request-method': 'GET', 'access-control-request-headers': 'X-Custom' });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://www.example.com');
    expect(res.headers.get('access-control-allow-methods')).toBe('GET, HEAD');
    expect(res.headers.get('access-control-allow-headers')).toBe('x-custom');
    expect(res.headers.get('access-control-expose-headers')).toBe('ETag, x-oss-request-id');
    expect(res.headers.get('access-control-max-age')).toBe('100');
  });

  it('denies a preflight for a method or header no rule allows with 403 AccessForbidden', async () => {
    const denied: Array<Record<string, string>> = [
      { origin: 'https://www.example.com', 'access-control-request-method': 'PUT' },
      { origin: 'https://www.example.com', 'access-control-request-method': 'GET', 'access-control-request-headers': 'x-other' },
      { origin: 'https://evil.org', 'access-control-request-method': 'GET' },
    ];
    for (const headers of denied) {
      const res = await preflight(headers);
      expect(res.status).toBe(403);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(await res.text()).toContain('<Code>AccessForbidden</Code>');
    }
  });

  it('adds CORS headers to an actual GET from an allowed Origin only', async () => {
    const ok = await fetch(rig.url('cors-site', 'app.js'), { headers: { origin: 'https://www.example.com' } });
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://www.example.com');
    expect(ok.headers.get('access-control-expose-headers')).toBe('ETag, x-oss-request-id');
    expect(ok.headers.get('vary')).toBeNull();
    const other = await fetch(rig.url('cors-site', 'app.js'), { headers: { origin: 'https://evil.org' } });
    expect(other.status).toBe(200);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('adds Vary: Origin to every answer with ResponseVary', async () => {
    rig.emu.seed.setCors('cors-site', { rules: [{ allowedOrigin: ['*'], allowedMethod: ['GET'] }], responseVary: true });
    expect((await fetch(rig.url('cors-site', 'app.js'))).headers.get('vary')).toBe('Origin');
    const res = await fetch(rig.url('cors-site', 'missing.js'), { headers: { origin: 'https://a.org' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('vary')).toBe('Origin');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('static website', () => {
  beforeAll(async () => {
    const c = await rig.bucket('site');
    for (const [k, v] of [['index.html', 'root index'], ['docs/index.html', 'docs index'], ['error.html', 'custom error']]) {
      rig.emu.seed.putObject('site', k as string, v as string, { contentType: 'text/html' });
    }
    await putRules(c, 'site', [], { index: 'index.html', error: 'error.html', supportSubDir: true, type: 0 });
  });
  const get = (key: string, init?: RequestInit) => fetch(rig.url('site', key), { redirect: 'manual', ...init });

  it('serves the index document for the root and for a sub-directory', async () => {
    expect(await (await fetch(`${rig.emu.endpoint}/site/`)).text()).toBe('root index');
    expect(await (await get('docs/')).text()).toBe('docs index');
  });

  it('redirects a directory name without "/" to "/<key>/" (Type 0)', async () => {
    const res = await get('docs');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/site/docs/');
  });

  it('serves the error document with 404 for a missing key', async () => {
    const res = await get('nothing.html');
    expect(res.status).toBe(404);
    expect(await res.text()).toBe('custom error');
  });

  it('serves the error document with its HttpStatus', async () => {
    rig.emu.seed.setWebsite('site', { indexDocument: { suffix: 'index.html', supportSubDir: true, type: 2 }, errorDocument: { key: 'error.html', httpStatus: 410 } });
    const missing = await get('nothing.html');
    expect(missing.status).toBe(410);
    expect(await missing.text()).toBe('custom error');
    const type2 = await get('docs');
    expect(type2.status).toBe(200);
    expect(await type2.text()).toBe('docs index');
  });

  it('runs routing rules before the website steps: a mirror rule serves a key that would get the error document', async () => {
    const origin = await rig.origin();
    origin.route('/mirrored/a.html', { body: 'from origin' });
    await putRules(rig.client('site'), 'site', [
      { RuleNumber: 1, Condition: { KeyPrefixEquals: 'mirrored/', HttpErrorCodeReturnedEquals: 404 }, Redirect: { RedirectType: 'Mirror', MirrorURL: origin.url } },
    ], { index: 'index.html', error: 'error.html' });
    expect(await (await get('mirrored/a.html')).text()).toBe('from origin');
    // after the origin's 404 the website's ErrorDocument is served (decision row W-ERRDOC-AFTER-MIRROR-404)
    const notAtOrigin = await get('mirrored/none.html');
    expect(notAtOrigin.status).toBe(404);
    expect(await notAtOrigin.text()).toBe('custom error');
    expect(await (await get('elsewhere.html')).text()).toBe('custom error');
  });

  it('answers a signed request as plain OSS (NoSuchKey, no error document)', async () => {
    await expect(rig.client('site').get('nothing.html')).rejects.toMatchObject({ status: 404, code: 'NoSuchKey' });
  });
});
