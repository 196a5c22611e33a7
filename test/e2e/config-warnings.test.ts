// Config warnings reach every place a run is read: the readable plan on stdout, the JSON report, the stored
// report and its dashboard page; an unset `${env:NAME}` secret is a warning for a plan (CLI and the webhook's
// ?mode=plan) and still refuses an apply (exit 2 / 400). CLI in-process and apply-config behind the local FC
// runner, against the emulator.
import { describe, expect, it } from 'vitest';
import { useApplyConfigWebhook } from '../helpers/apply-config-webhook.ts';
import { useEmulator } from '../helpers/emulator.ts';
import { cli, tempFile, writesIn } from '../functions/apply-config/support.ts';

const emu = useEmulator({ dataPlane: false });
const SECRET = 'config-warnings-webhook-secret';
const SHADOWED = `version: 1
buckets:
  cw-site:
    cors:
      rules:
        - {allowedOrigin: ['https://a.example.com'], allowedMethod: [GET]}
        - {allowedOrigin: ['https://a.example.com'], allowedMethod: [GET]}
`;
const WITH_SECRET = `version: 1
buckets:
  cw-secret:
    website:
      indexDocument: {suffix: index.html}
      routingRules:
        - condition: {keyPrefixEquals: img/, httpErrorCodeReturnedEquals: 404}
          redirect:
            redirectType: Mirror
            mirrorURL: 'https://origin.example.com/'
            mirrorAuth: {authType: S3V4, region: us-east-1, accessKeyId: AKIDORIGIN, accessKeySecret: '\${env:OSSEDGE_SECRET_CW_ORIGIN}'}
          force: true
`;
const { runner, post } = useApplyConfigWebhook(emu, { buckets: ['cw-site', 'cw-secret', 'cw-reports'], reportsLocation: 'oss://cw-reports/r/', webhookSecret: SECRET });

describe('config warnings from a hostile config', () => {
  it('reach the terminal without control characters and the dashboard as text, not markup', async () => {
    // a Referer entry the validation accepts (no brackets), in both lists: its warning quotes it
    const entry = 'http://x\u001bc\u009b2J\u202e.com/<script>alert`1`</script>';
    const text = JSON.stringify({ version: 1, buckets: { 'cw-site': { referer: { allowEmptyReferer: true, refererList: [entry], refererBlacklist: [entry] } } } });
    const file = tempFile('hostile.json', text);
    const plan = await cli(emu(), ['plan', '-c', file, '--json', '--reports', 'oss://cw-reports/hostile/']);
    expect(plan.code, plan.err).toBe(3);
    const warning = plan.json().items.find((i: any) => i.code === 'CONFIG_CONFLICT');
    expect(warning?.message).toContain('\\u001bc\\u009b2J\\u202e.com/<script>');
    const readable = await cli(emu(), ['plan', '-c', file]);
    expect(readable.out).toContain('! warning: buckets.cw-site.referer.refererBlacklist[0]: "http://x\\u001bc');
    // eslint-disable-next-line no-control-regex
    expect(readable.out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    const page = (await emu().seed.readObject('cw-reports', `hostile/dashboard/runs/apply-config/${plan.json().runId}.html`))!.toString();
    expect(page).not.toContain('<script>alert');
    expect(page).toContain('&lt;script&gt;alert');
  });
});

describe('config warnings in a plan', () => {
  it('shows a rule that can never match on the readable plan (stdout), in the JSON report, and on the stored run\'s dashboard page', async () => {
    const file = tempFile('shadowed.yaml', SHADOWED);
    const plan = await cli(emu(), ['plan', '-c', file]);
    expect(plan.code, plan.err).toBe(3);
    expect(plan.out).toMatch(/^! warning: buckets\.cw-site\.cors\.rules\[1\]: can never match: rules\[0\] has the same origins and methods and comes first \(line 7, column 11\) \(CONFIG_SHADOWED\)$/m);
    expect(plan.err).toBe('');

    const json = await cli(emu(), ['plan', '-c', file, '--json', '--reports', 'oss://cw-reports/cli/']);
    expect(json.code, json.err).toBe(3);
    const report = json.json();
    const warning = report.items.find((i: any) => i.code === 'CONFIG_SHADOWED');
    expect(warning).toMatchObject({ bucket: 'cw-site', target: 'buckets.cw-site.cors.rules[1]', status: 'warn', data: { configWarning: true, line: expect.any(Number) } });
    expect(report.ok).toBe(true);
    expect(report.summary.warn).toBeGreaterThanOrEqual(1);

    const stored = JSON.parse((await emu().seed.readObject('cw-reports', `cli/apply-config/${report.runId}.json`))!.toString());
    expect(stored.items.find((i: any) => i.code === 'CONFIG_SHADOWED')).toMatchObject({ bucket: 'cw-site', status: 'warn' });
    const page = (await emu().seed.readObject('cw-reports', `cli/dashboard/runs/apply-config/${report.runId}.html`))!.toString();
    expect(page).toContain('CONFIG_SHADOWED');
    expect(page).toContain('can never match: rules[0] has the same origins and methods and comes first');
  });

  it('a warning never fails a run: the apply of the same file succeeds and its report keeps the warning', async () => {
    const run = await cli(emu(), ['apply', '-c', tempFile('shadowed.yaml', SHADOWED), '--json']);
    expect(run.code, run.err).toBe(0);
    expect(run.json().items.find((i: any) => i.code === 'CONFIG_SHADOWED')).toMatchObject({ status: 'warn' });
  });
});

describe('an unset ${env:NAME} secret', () => {
  it('is a warning in plan (exit 3, the path named) and refuses apply (exit 2, nothing written)', async () => {
    const file = tempFile('secret.yaml', WITH_SECRET);
    const plan = await cli(emu(), ['plan', '-c', file, '--json']);
    expect(plan.code, plan.err).toBe(3);
    expect(plan.json().items.find((i: any) => i.code === 'CONFIG_SECRET_UNRESOLVED')).toMatchObject({
      bucket: 'cw-secret', target: 'buckets.cw-secret.website.routingRules[0].redirect.mirrorAuth.accessKeySecret', status: 'warn',
      message: expect.stringContaining('OSSEDGE_SECRET_CW_ORIGIN is not set'),
    });
    const readable = await cli(emu(), ['plan', '-c', file]);
    expect(readable.out).toMatch(/^! warning: buckets\.cw-secret\.website\.routingRules\[0\]\.redirect\.mirrorAuth\.accessKeySecret: environment variable OSSEDGE_SECRET_CW_ORIGIN is not set here: .* \(CONFIG_SECRET_UNRESOLVED\)$/m);

    emu().resetLog();
    const apply = await cli(emu(), ['apply', '-c', file]);
    expect(apply.code).toBe(2);
    expect(apply.err).toContain('CONFIG_SECRET_UNRESOLVED');
    expect(writesIn(emu(), ['cw-secret'])).toEqual([]);

    const set = await cli(emu(), ['plan', '-c', file, '--json'], { OSSEDGE_SECRET_CW_ORIGIN: 'cw-origin-secret-1' });
    expect(set.json().items.some((i: any) => i.code === 'CONFIG_SECRET_UNRESOLVED')).toBe(false);
    expect(set.out).not.toContain('cw-origin-secret-1');
  });

  it('is a warning in the webhook\'s ?mode=plan (200) and refuses the webhook apply (400, nothing queued)', async () => {
    const body = JSON.stringify({ configText: WITH_SECRET });
    const plan = await post(body, '?mode=plan');
    expect(plan.status).toBe(200);
    const report = await plan.json() as any;
    expect(report).toMatchObject({ mode: 'plan', ok: true, changesPending: true });
    expect(report.items.find((i: any) => i.code === 'CONFIG_SECRET_UNRESOLVED')).toMatchObject({ bucket: 'cw-secret', status: 'warn' });
    emu().resetLog();
    const apply = await post(JSON.stringify({ configText: WITH_SECRET.replace('index.html', 'home.html') }));
    expect(apply.status).toBe(400);
    expect(((await apply.json()) as any).error.code).toBe('CONFIG_SECRET_UNRESOLVED');
    expect(writesIn(emu(), ['cw-secret'])).toEqual([]);
    expect(runner().invocations().filter((r) => r.kind === 'async')).toEqual([]);
  });
});
