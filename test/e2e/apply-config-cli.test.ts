import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, planBucket, type OssedgeConfig } from '../../shared/config/index.ts';
import { corsFromXml, corsToXml, refererFromXml, websiteFromXml, websiteToXml } from '../../shared/oss/index.ts';
import { startEmulator, type EmulatorHandle } from '../../local/oss-emulator/index.ts';
import { aliOssClient } from '../helpers/emulator.ts';
import { startOrigin, type OriginServer } from '../helpers/origin.ts';
import { closedPort } from '../shared/net/servers.ts';
import { asList, cli, tempFile, writesIn, xmlShape } from '../functions/apply-config/support.ts';
import { BAD_CASES, CLEAR_SECRET, textOf } from '../shared/config/fixtures.ts';

let emu: EmulatorHandle;
let originA: OriginServer;
let originB: OriginServer;

beforeAll(async () => {
  emu = await startEmulator({ dataPlaneOptions: { mirrorTimeoutMs: 3000 } });
  [originA, originB] = await Promise.all([startOrigin(), startOrigin()]);
});
afterAll(async () => {
  await Promise.all([originA?.close(), originB?.close()]);
  await emu?.close();
});

const example = (file: string) => readFileSync(new URL(`../../examples/${file}`, import.meta.url), 'utf8');
const loaded = async (text: string): Promise<OssedgeConfig> => {
  const r = await loadConfig(text);
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  return r.config;
};

/** The four console-guide scenarios and the SDK examples, origins pointed at local servers, SDK buckets renamed apart. */
function examples(): Array<{ file: string; text: string; probe?: { bucket: string; key: string; origin: () => OriginServer; path: string; query?: string }; samples?: Array<[() => OriginServer, string]> }> {
  const local = (t: string) => t
    .replace(/https:\/\/origin-b\.example\.com\//g, originB.url)
    .replace(/https:\/\/(www\.|origin-a\.)?example\.com\//g, originA.url);
  return [
    { file: 'mirror-scenario-1-one-origin.yaml', probe: { bucket: 'examplebucket', key: 'examplefolder/example.txt', origin: () => originA, path: '/examplefolder/example.txt' } },
    { file: 'mirror-scenario-2-replace-prefix-md5.yaml', probe: { bucket: 'examplebucket-a', key: 'examplefolder/example.txt', origin: () => originA, path: '/destfolder/example.txt' } },
    { file: 'mirror-scenario-3-two-origins.yaml', probe: { bucket: 'examplebucket-b', key: 'B/example/y.png', origin: () => originB, path: '/example/y.png' }, samples: [[() => originA, '/example/x.png'] as [() => OriginServer, string]] },
    { file: 'mirror-scenario-4-query-string-headers.yaml', probe: { bucket: 'examplebucket-c', key: 'examplefolder/q.txt', origin: () => originA, path: '/examplefolder/q.txt', query: 'a=b&c=d' } },
    { file: 'sdk-website.yaml' },
    { file: 'sdk-cors.yaml' },
    { file: 'sdk-referer.yaml' },
  ].map((e) => ({ ...e, text: e.file.startsWith('sdk-') ? example(e.file).replace(/examplebucket/g, e.file.replace('.yaml', '')) : local(example(e.file)) }));
}

async function rawOf(promise: Promise<{ res: { data?: unknown } }>): Promise<string> {
  const r = await promise;
  return Buffer.from(r.res.data as Buffer).toString('utf8');
}

describe('ossedge apply with the console-guide and SDK examples', () => {
  it('applies each example (its sample keys pass the origin pre-flight), reads it back equal through ali-oss, and the data plane then mirrors from the local origin', async () => {
    const oss = aliOssClient(emu) as any;
    for (const ex of examples()) {
      const config = await loaded(ex.text);
      for (const b of config.buckets) emu.seed.createBucket(b.name, { acl: 'public-read' });
      // the origins serve the examples' sample keys before the apply: the pre-flight probes them
      if (ex.probe) ex.probe.origin().route(ex.probe.path, { body: `from origin ${ex.probe.path}` });
      for (const [origin, path] of ex.samples ?? []) origin().route(path, { body: `from origin ${path}` });
      const probed = ex.probe ? ex.probe.origin().requests.length : 0;
      const run = await cli(emu, ['apply', '-c', tempFile(ex.file, ex.text), '--allow-private-origins', '--json']);
      expect(run.code, `${ex.file}\n${run.err}`).toBe(0);
      const report = run.json();
      expect(report).toMatchObject({ ok: true, mode: 'apply', changesPending: false });
      const rules = config.buckets.flatMap((b) => b.website?.config.routingRules ?? []).filter((r) => r.redirect.redirectType === 'Mirror');
      expect(report.items.filter((i: any) => i.code === 'PREFLIGHT_RESULT').map((i: any) => i.status), ex.file).toEqual(rules.map(() => expect.stringMatching(/^(ok|warn)$/)));
      if (ex.probe) expect(ex.probe.origin().requests.length, ex.file).toBeGreaterThan(probed);
      expect(run.dialer.refused).toEqual([]);
      for (const b of config.buckets) {
        if (b.website) {
          const got = await oss.getBucketWebsite(b.name);
          const want = xmlShape(websiteToXml(b.website.config)).WebsiteConfiguration;
          expect(asList(got.routingRules)).toEqual(asList(want.RoutingRules?.RoutingRule));
          if (want.IndexDocument) expect(got.index).toBe(want.IndexDocument.Suffix);
          const live = websiteFromXml(await rawOf(oss.getBucketWebsite(b.name)));
          expect(planBucket({ name: b.name, website: b.website }, { website: live, cors: null }).changed).toBe(false);
        }
        if (b.cors) {
          const got = await oss.getBucketCORS(b.name);
          const want = xmlShape(corsToXml(b.cors.config)).CORSConfiguration;
          expect(asList(got.rules).map((r: any) => asList(r.allowedOrigin))).toEqual(asList(want.CORSRule).map((r: any) => asList(r.AllowedOrigin)));
          expect(planBucket({ name: b.name, cors: b.cors }, { website: null, cors: corsFromXml(await rawOf(oss.getBucketCORS(b.name))) }).changed).toBe(false);
        }
        if (b.referer) {
          const got = await oss.getBucketReferer(b.name);
          expect(got.allowEmpty).toBe(b.referer.allowEmptyReferer);
          expect(asList(got.referers)).toEqual(b.referer.refererList ?? []);
          const live = refererFromXml(await rawOf(oss.getBucketReferer(b.name)));
          expect(planBucket({ name: b.name, referer: b.referer }, { website: null, cors: null, referer: live }).changed).toBe(false);
        }
      }
      if (ex.probe) {
        const p = ex.probe;
        const from = p.origin().requests.length;
        const res = await fetch(`${emu.endpoint}/${p.bucket}/${p.key}${p.query ? `?${p.query}` : ''}`, { headers: { header1: 'h1', header2: 'h2', header3: 'h3' } });
        expect(res.status, ex.file).toBe(200);
        expect(await res.text()).toBe(`from origin ${p.path}`);
        const seen = p.origin().requests.slice(from).filter((r) => r.url.split('?')[0] === p.path);
        expect(seen.length).toBeGreaterThan(0);
        if (p.query) {
          expect(seen[0]!.url).toBe(`${p.path}?${p.query}`);
          expect(seen[0]!.headers.header1).toBe('h1');
        }
      }
    }
  });

  it('re-applying the unchanged examples makes zero write requests and 1 read per managed section', async () => {
    emu.resetLog();
    let sections = 0;
    for (const ex of examples()) {
      const config = await loaded(ex.text);
      sections += config.buckets.reduce((n, b) => n + [b.website, b.cors, b.referer].filter((s) => s !== undefined).length, 0);
      const run = await cli(emu, ['apply', '-c', tempFile(ex.file, ex.text)]);
      expect(run.code, run.err).toBe(0);
      expect(run.out).toContain('unchanged');
    }
    expect(writesIn(emu)).toEqual([]);
    expect(emu.requestLog().filter((e) => e.method === 'GET').length).toBe(sections);
  });
});

describe('ossedge plan / apply / export / rollback', () => {
  it('plan exits 3 with the diff when changes are pending, apply --dry-run too, and neither writes', async () => {
    emu.seed.createBucket('plan-me');
    const file = tempFile('plan.yaml', 'version: 1\nbuckets:\n  plan-me:\n    cors:\n      rules: [{allowedOrigin: ["*"], allowedMethod: [GET]}]\n');
    emu.resetLog();
    const plan = await cli(emu, ['plan', '-c', file]);
    expect(plan.code).toBe(3);
    expect(plan.out).toContain('plan-me: + cors');
    const dry = await cli(emu, ['apply', '-c', file, '--dry-run', '--json']);
    expect(dry.code).toBe(3);
    expect(dry.json().items[0]).toMatchObject({ bucket: 'plan-me', target: 'cors', code: 'CHANGE_PENDING', data: { action: 'create' } });
    expect(writesIn(emu)).toEqual([]);
  });

  it('exits 1 when a bucket cannot be applied, naming it and why, while the other bucket is applied', async () => {
    emu.seed.createBucket('exists-here');
    const text = "version: 1\nbuckets:\n  not-created:\n    referer: null\n  exists-here:\n    cors:\n      rules: [{allowedOrigin: ['*'], allowedMethod: [GET]}]\n";
    const run = await cli(emu, ['apply', '-c', tempFile('missing.yaml', text), '--json']);
    expect(run.code).toBe(1);
    const report = run.json();
    expect(report.items.find((i: any) => i.bucket === 'not-created')).toMatchObject({ code: 'BUCKET_FAILED', data: { errorCode: 'OSS_NO_SUCH_BUCKET' } });
    expect(report.items.find((i: any) => i.bucket === 'exists-here')).toMatchObject({ code: 'SECTION_CREATED' });
    expect(report.errors).toEqual([expect.objectContaining({ bucket: 'not-created', code: 'OSS_NO_SUCH_BUCKET' })]);
  });

  it('merge mode keeps foreign rules in their order after the owned ones, renumbered (only owned rules are pre-flighted)', async () => {
    emu.seed.createBucket('merge-me');
    const oss = aliOssClient(emu) as any;
    const rule = (n: number, prefix: string, url: string) => ({ RuleNumber: n, Condition: { KeyPrefixEquals: prefix, HttpErrorCodeReturnedEquals: 404 }, Redirect: { RedirectType: 'Mirror', MirrorURL: url } });
    await oss.putBucketWebsite('merge-me', { index: 'index.html', routingRules: [rule(1, 'f2/', 'https://f2.example.com/'), rule(2, 'own/', 'https://old.example.com/'), rule(3, 'f1/', 'https://f1.example.com/')] });
    const text = `version: 1
buckets:
  merge-me:
    website:
      mode: merge
      routingRules:
        - condition: {keyPrefixEquals: new/, httpErrorCodeReturnedEquals: 404}
          redirect: {redirectType: Mirror, mirrorURL: '${originA.url}new/'}
        - condition: {keyPrefixEquals: own/, httpErrorCodeReturnedEquals: 404}
          redirect: {redirectType: Mirror, mirrorURL: '${originA.url}own/'}
`;
    const run = await cli(emu, ['apply', '-c', tempFile('merge.yaml', text), '--allow-private-origins', '--json']);
    expect(run.code, run.err).toBe(0);
    // the foreign rules' *.example.com origins are never looked at (the test resolver knows no name)
    expect(run.json().items.filter((i: any) => i.code === 'PREFLIGHT_RESULT').map((i: any) => i.target)).toEqual(['website.routingRules[0]', 'website.routingRules[1]']);
    const got = await oss.getBucketWebsite('merge-me');
    expect(asList(got.routingRules).map((r: any) => [r.RuleNumber, r.Condition.KeyPrefixEquals, r.Redirect.MirrorURL])).toEqual([
      ['1', 'new/', `${originA.url}new/`], ['2', 'own/', `${originA.url}own/`], ['3', 'f2/', 'https://f2.example.com/'], ['4', 'f1/', 'https://f1.example.com/'],
    ]);
    expect(got.index).toBe('index.html');
    expect((await cli(emu, ['plan', '-c', tempFile('merge.yaml', text)])).code).toBe(0);
  });

  it('export then plan is empty for a bucket set up by ali-oss with every mirror field, CORS and Referer', async () => {
    const { fullCors, fullReferer, fullWebsite } = await import('../shared/config/models.ts');
    emu.seed.createBucket('export-full');
    const oss = aliOssClient(emu) as any;
    const website = fullWebsite();
    website.routingRules![0]!.redirect.mirrorAuth!.accessKeySecret = 'origin-secret-value-1';
    const xml = xmlShape(websiteToXml(website)).WebsiteConfiguration;
    await oss.putBucketWebsite('export-full', { index: 'index.html', supportSubDir: true, type: '2', error: 'error.html', errorHttpStatus: '404', routingRules: asList(xml.RoutingRules.RoutingRule) });
    const cors = fullCors();
    await oss.putBucketCORS('export-full', cors.rules.map((r) => ({ allowedOrigin: r.allowedOrigin, allowedMethod: r.allowedMethod, ...(r.allowedHeader ? { allowedHeader: r.allowedHeader } : {}), ...(r.exposeHeader ? { exposeHeader: r.exposeHeader } : {}), ...(r.maxAgeSeconds ? { maxAgeSeconds: String(r.maxAgeSeconds) } : {}) })));
    const ref = fullReferer();
    await oss.putBucketReferer('export-full', ref.allowEmptyReferer, ref.refererList);
    const file = tempFile('exported.yaml', '');
    const exp = await cli(emu, ['export', '--bucket', 'export-full', '-o', file]);
    expect(exp.code, exp.err).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('mirrorMultiAlternates');
    expect(text).toContain('${env:OSSEDGE_SECRET_EXPORT_FULL_1}');
    expect(text).not.toContain('origin-secret-value-1');
    emu.resetLog();
    const plan = await cli(emu, ['plan', '-c', file, '--json']);
    expect(plan.code, plan.out).toBe(0);
    const items = plan.json().items;
    expect(items.filter((i: any) => !i.data?.configWarning)).toEqual([expect.objectContaining({ bucket: 'export-full', code: 'BUCKET_UNCHANGED' })]);
    // the config's warnings ride along (the exported secret reference is unset here: a plan warns, an apply would refuse)
    expect(items.filter((i: any) => i.data?.configWarning).every((i: any) => i.status === 'warn')).toBe(true);
    expect(items.map((i: any) => i.code)).toContain('CONFIG_SECRET_UNRESOLVED');
    expect(writesIn(emu)).toEqual([]);
  });

  it('rollback RUN_ID restores the exact before-state of what the run changed', async () => {
    emu.seed.createBucket('roll-me');
    emu.seed.createBucket('roll-reports');
    const oss = aliOssClient(emu) as any;
    await oss.putBucketWebsite('roll-me', { index: 'home.html', routingRules: [{ RuleNumber: 1, Condition: { KeyPrefixEquals: 'a/', HttpErrorCodeReturnedEquals: 404 }, Redirect: { RedirectType: 'Mirror', MirrorURL: `${originA.url}a/`, MirrorCheckMd5: 'true' } }] });
    await oss.putBucketReferer('roll-me', false, ['https://keep.example.com']);
    const before = { website: await rawOf(oss.getBucketWebsite('roll-me')), referer: await rawOf(oss.getBucketReferer('roll-me')) };
    await expect(oss.getBucketCORS('roll-me')).rejects.toMatchObject({ status: 404 });
    const text = 'version: 1\nbuckets:\n  roll-me:\n    website: null\n    cors:\n      rules: [{allowedOrigin: ["*"], allowedMethod: [GET]}]\n    referer: null\n';
    const reports = ['--reports', 'oss://roll-reports/runs/'];
    const run = await cli(emu, ['apply', '-c', tempFile('roll.yaml', text), '--json', ...reports]);
    expect(run.code, run.err).toBe(0);
    const runId = run.json().runId as string;
    await expect(oss.getBucketWebsite('roll-me')).rejects.toMatchObject({ status: 404 });
    // restoring the mirror rule puts it through the origin pre-flight again (a loopback origin here)
    const back = await cli(emu, ['rollback', runId, '--json', '--allow-private-origins', ...reports]);
    expect(back.code, back.out + back.err).toBe(0);
    expect(back.json()).toMatchObject({ ok: true, rollbackOf: runId });
    expect(await rawOf(oss.getBucketWebsite('roll-me'))).toBe(before.website);
    expect(await rawOf(oss.getBucketReferer('roll-me'))).toBe(before.referer);
    await expect(oss.getBucketCORS('roll-me')).rejects.toMatchObject({ status: 404 });
    expect((await cli(emu, ['rollback', 'no-such-run', ...reports])).code).toBe(2);
  });
});

describe('ossedge plan / apply with the origin pre-flight', () => {
  const mirrorFile = (bucket: string, url: string, force = false) => tempFile(`${bucket}.yaml`, `version: 1
buckets:
  ${bucket}:
    website:
      indexDocument: {suffix: index.html}
      routingRules:
        - condition: {keyPrefixEquals: img/, httpErrorCodeReturnedEquals: 404}
          redirect: {redirectType: Mirror, mirrorURL: '${url}'}
          sampleKeys: [img/a.png]
${force ? '          force: true\n' : ''}`);
  const preflightItem = (report: any) => report.items.find((i: any) => i.code === 'PREFLIGHT_RESULT');

  it('refuses a new mirror rule whose origin is a closed loopback port: plan and apply exit 1 naming the check, zero writes', async () => {
    emu.seed.createBucket('pf-dead');
    const dead = await closedPort();
    const file = mirrorFile('pf-dead', `http://127.0.0.1:${dead}/`);
    emu.resetLog();
    const plan = await cli(emu, ['plan', '-c', file, '--allow-private-origins']);
    expect(plan.code, plan.err).toBe(1);
    expect(plan.out).toMatch(/✗ pf-dead website\.routingRules\[0\]: PREFLIGHT_RESULT ORIGIN_TCP: primary http:\/\/127\.0\.0\.1:\d+\/: TCP /);
    const run = await cli(emu, ['apply', '-c', file, '--allow-private-origins', '--json']);
    expect(run.code, run.err).toBe(1);
    const report = run.json();
    expect(report.ok).toBe(false);
    expect(preflightItem(report)).toMatchObject({ bucket: 'pf-dead', target: 'website.routingRules[0]', status: 'fail', message: expect.stringMatching(/^ORIGIN_TCP: /) });
    expect(report.items.find((i: any) => i.code === 'BUCKET_FAILED')).toMatchObject({ bucket: 'pf-dead', data: { errorCode: 'PREFLIGHT_FAILED' } });
    expect(run.dialer.attempts.map((a) => a.port)).toContain(dead);
    expect(run.dialer.refused).toEqual([]);
    expect(writesIn(emu)).toEqual([]);
    await expect((aliOssClient(emu) as any).getBucketWebsite('pf-dead')).rejects.toMatchObject({ status: 404 });
  });

  it('applies the same failing rule when it says force: true (exit 0, the pre-flight result kept as a warning)', async () => {
    emu.seed.createBucket('pf-forced');
    const dead = await closedPort();
    const file = mirrorFile('pf-forced', `http://127.0.0.1:${dead}/`, true);
    const plan = await cli(emu, ['plan', '-c', file, '--allow-private-origins', '--json']);
    expect(plan.code, plan.err).toBe(3);
    expect(preflightItem(plan.json())).toMatchObject({ status: 'warn', message: expect.stringContaining('would be applied anyway: force: true') });
    emu.resetLog();
    const run = await cli(emu, ['apply', '-c', file, '--allow-private-origins', '--json']);
    expect(run.code, run.err).toBe(0);
    const report = run.json();
    expect(preflightItem(report)).toMatchObject({ status: 'warn', message: expect.stringMatching(/^ORIGIN_TCP: .*\(applied anyway: force: true\)$/) });
    expect(report.items.find((i: any) => i.code === 'SECTION_CREATED')).toMatchObject({ bucket: 'pf-forced', target: 'website', data: { verified: true } });
    expect(writesIn(emu, ['pf-forced']).map((e) => e.op)).toEqual(['PutBucketWebsite']);
    const live = await (aliOssClient(emu) as any).getBucketWebsite('pf-forced');
    expect(asList(live.routingRules).map((r: any) => r.Redirect.MirrorURL)).toEqual([`http://127.0.0.1:${dead}/`]);
  });

  it('refuses a loopback origin without --allow-private-origins (never connecting to it), and allows it with OSSEDGE_ALLOW_PRIVATE_ORIGINS=1', async () => {
    emu.seed.createBucket('pf-guard');
    originA.route('/guard/img/a.png', { body: 'sample', headers: { etag: '"guard-1"', 'last-modified': new Date(Date.now() - 60_000).toUTCString() } });
    const file = mirrorFile('pf-guard', `${originA.url}guard/`);
    const seen = originA.requests.length;
    emu.resetLog();
    const refused = await cli(emu, ['apply', '-c', file, '--json']);
    expect(refused.code, refused.err).toBe(1);
    const item = preflightItem(refused.json());
    expect(item).toMatchObject({ bucket: 'pf-guard', status: 'fail', message: expect.stringMatching(/^ORIGIN_ADDRESS: /) });
    expect(item.message).toContain('loopback');
    expect(refused.dialer.attempts).toEqual([]);
    expect(originA.requests.length).toBe(seen);
    expect(writesIn(emu)).toEqual([]);
    const allowed = await cli(emu, ['apply', '-c', file, '--json'], { OSSEDGE_ALLOW_PRIVATE_ORIGINS: '1' });
    expect(allowed.code, allowed.err).toBe(0);
    expect(preflightItem(allowed.json())).toMatchObject({ status: 'ok', message: 'ORIGIN_OK: every origin passed' });
    expect(originA.requests.slice(seen).map((r) => r.url)).toContain('/guard/img/a.png');
    expect(writesIn(emu, ['pf-guard']).map((e) => e.op)).toEqual(['PutBucketWebsite']);
  });
});

describe('ossedge export of every visible bucket', () => {
  it('lists the buckets, and the exported file plans empty against all of them', async () => {
    const file = tempFile('all.yaml', '');
    const exp = await cli(emu, ['export', '-o', file]);
    expect(exp.code, exp.err).toBe(0);
    const config = await loaded(readFileSync(file, 'utf8'));
    expect(config.buckets.map((b) => b.name)).toEqual(expect.arrayContaining(['merge-me', 'export-full', 'roll-me']));
    emu.resetLog();
    const plan = await cli(emu, ['plan', '-c', file, '--json']);
    expect(plan.code, plan.out).toBe(0);
    expect(plan.json().summary.buckets_unchanged).toBe(config.buckets.length);
    expect(writesIn(emu)).toEqual([]);
  });
});

describe('ossedge apply with bad configs', () => {
  it.each(BAD_CASES.map((c) => [c.name, c] as const))('exits 2 naming the path (%s) and writes nothing', async (_n, c) => {
    emu.resetLog();
    const file = tempFile(c.filename ?? 'ossedge.yaml', textOf(c));
    const run = await cli(emu, ['apply', '-c', file, '--json']);
    expect(run.code).toBe(2);
    const issues = run.json().error.details.issues as Array<{ path: string; message: string }>;
    expect(issues.some((i) => i.path === c.path && i.message.includes(c.message)), JSON.stringify(issues)).toBe(true);
    expect(run.out + run.err).not.toContain(CLEAR_SECRET);
    expect(emu.requestLog()).toEqual([]);
  });

  it('prints the paths for humans without --json', async () => {
    const c = BAD_CASES.find((x) => x.name.startsWith('mirrorURL without the trailing slash'))!;
    const run = await cli(emu, ['plan', '-c', tempFile('ossedge.yaml', textOf(c))]);
    expect(run.code).toBe(2);
    expect(run.err).toContain(`${c.path}: ${c.message}`);
  });
});
