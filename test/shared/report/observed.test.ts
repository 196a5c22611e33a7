// apply-config's plan and drift reports carry each bucket's managed sections as read (`observed`), compact
// and secrets-masked, and the bucket page shows them (FC handler against the emulator).
import { describe, expect, it } from 'vitest';
import { createApplyConfigHandler } from '../../../functions/apply-config/handler.ts';
import { compactObserved } from '../../../shared/report/observed.ts';
import { useEmulator } from '../../helpers/emulator.ts';

const emu = useEmulator({ dataPlane: false });
const SECRET = 'mirror-secret-value-0123456789';
const CONFIG = `version: 1
buckets:
  o-site:
    website:
      routingRules:
        - condition: {httpErrorCodeReturnedEquals: 404}
          redirect:
            redirectType: Mirror
            mirrorURL: https://origin.example.com/
            mirrorAuth: {authType: S3V4, region: us-east-1, accessKeyId: AKIDEXAMPLE, accessKeySecret: '\${env:OSSEDGE_SECRET_MIRROR}'}
          force: true
    cors: null
`;

function handler() {
  const e = emu();
  const h = createApplyConfigHandler({
    env: { OSSEDGE_SECRET_MIRROR: SECRET }, reportsLocation: 'oss://o-reports/r/', connection: { endpoint: e.endpoint, region: e.region, internal: false },
    fallbackCredentials: { getCredentials: async () => ({ accessKeyId: e.accessKeyId, accessKeySecret: e.accessKeySecret }) },
    backoffMs: 1, write: () => undefined,
  });
  return (payload: unknown) => h(Buffer.from(JSON.stringify(payload)), { requestId: `o-${Math.random().toString(16).slice(2)}`, region: e.region, function: { name: 'apply-config', timeout: 60 } }) as Promise<Record<string, any>>;
}

describe('observed settings', () => {
  it('does drop empty values inside a section and keep a section read as null', () => {
    expect(compactObserved({ website: null, cors: { rules: [{ allowedOrigin: ['*'], exposeHeader: [], maxAgeSeconds: undefined }] }, referer: { refererList: [], allowEmptyReferer: true } }))
      .toEqual({ website: null, cors: { rules: [{ allowedOrigin: ['*'] }] }, referer: { allowEmptyReferer: true } });
  });

  it('does put the managed sections as read into plan and drift reports with the mirror secret masked, and not into applies', async () => {
    for (const b of ['o-reports', 'o-site']) emu().seed.createBucket(b);
    const apply = await handler()({ command: 'apply', configText: CONFIG, source: 'cli' });
    expect(apply.ok).toBe(true);
    expect(apply.observed).toBeUndefined();
    const drift = await handler()({ command: 'drift', driftAction: 'report', configText: CONFIG });
    const plan = await handler()({ command: 'plan', configText: CONFIG, source: 'cli' });
    for (const r of [drift, plan]) {
      expect(Object.keys(r.observed)).toEqual(['o-site']);
      expect(Object.keys(r.observed['o-site']).sort()).toEqual(['cors', 'website']); // referer is not managed: not read
      expect(r.observed['o-site'].cors).toBeNull();
      expect(r.observed['o-site'].website.routingRules[0].redirect.mirrorURL).toBe('https://origin.example.com/');
      expect(r.observed['o-site'].website.routingRules[0].redirect.mirrorAuth).toMatchObject({ accessKeyId: 'AKIDEXAMPLE', accessKeySecret: '[redacted]' });
      expect(JSON.stringify(r)).not.toContain(SECRET);
    }
    const page = (await emu().seed.readObject('o-reports', 'r/dashboard/buckets/o-site.html'))!.toString();
    expect(page).toContain('Settings as last read');
    expect(page).toContain('https://origin.example.com/');
    expect(page).not.toContain(SECRET);
  });
});
