// An authenticated webhook delivery whose config is refused is stored as a run of its own and shown on the
// dashboard; an unauthenticated one is never recorded (apply-config through the local FC runner, emulator).
import { describe, expect, it } from 'vitest';
import { refusedRunReport } from '../../../shared/report/refused-run.ts';
import { useApplyConfigWebhook } from '../../helpers/apply-config-webhook.ts';
import { useEmulator } from '../../helpers/emulator.ts';

const emu = useEmulator({ dataPlane: false });
const SECRET = 'refused-webhook-secret';
const BAD = "version: 1\nbuckets:\n  rf-site:\n    cors:\n      rules: [{allowedOrigin: ['https://a.example.com'], allowedMethod: [FETCH]}]\n";
const { post } = useApplyConfigWebhook(emu, { buckets: ['rf-reports', 'rf-site'], reportsLocation: 'oss://rf-reports/r/', webhookSecret: SECRET });

describe('refused webhook deliveries', () => {
  it('does store an authenticated delivery refused for its config as a run with its issues, and never an unauthenticated one', async () => {
    const body = JSON.stringify({ configText: BAD });
    const forged = await post(body, '', 'wrong-secret');
    expect(forged.status).toBe(401);
    expect(emu().seed.getObject('rf-reports', 'r/apply-config/latest.json')).toBeUndefined();

    const res = await post(body);
    expect(res.status).toBe(400);
    const latest = JSON.parse((await emu().seed.readObject('rf-reports', 'r/apply-config/latest.json'))!.toString());
    expect(latest).toMatchObject({ function: 'apply-config', ok: false, mode: 'refused', source: 'webhook' });
    expect(latest.items[0]).toMatchObject({ bucket: 'rf-site', status: 'fail' });
    expect(latest.items[0].target).toContain('buckets.rf-site.cors.rules[0].allowedMethod');
    expect(emu().seed.getObject('rf-site', 'x')).toBeUndefined(); // nothing written to the target
    const index = (await emu().seed.readObject('rf-reports', 'r/dashboard/index.html'))!.toString();
    expect(index).toContain(`href="runs/apply-config/${latest.runId}.html"`);
    expect(index).toContain('refused');
    const page = (await emu().seed.readObject('rf-reports', `r/dashboard/runs/apply-config/${latest.runId}.html`))!.toString();
    expect(page).toContain('allowedMethod');
  });

  it('does record only config refusals, and gives a page only to valid bucket names', () => {
    expect(refusedRunReport('apply-config', Object.assign(new Error('denied'), { code: 'ACCESS_DENIED' }), { source: 'webhook' })).toBeUndefined();
    const r = refusedRunReport('apply-config', Object.assign(new Error('invalid config'), { code: 'CONFIG_INVALID', details: { issues: [{ path: 'buckets.../../x.cors', message: 'bad name', code: 'CONFIG_BUCKET_NAME' }] } }), { source: 'webhook' })!;
    expect(r.items[0]).toMatchObject({ bucket: '', target: 'buckets.../../x.cors', code: 'CONFIG_BUCKET_NAME' });
    expect(r.errors).toEqual([{ code: 'CONFIG_INVALID', message: 'invalid config' }]);
  });
});
