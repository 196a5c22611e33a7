// MirrorURLProbe is written where the Go SDK v2 marshaller puts it (RoutingRuleRedirect field order in
// oss/api_op_bucket_website.go: ... MirrorAsyncStatus, MirrorAuth, MirrorURLProbe, MirrorAllowVideoSnapshot,
// MirrorURLSlave ...). No conformance body pins it, so the order is checked here.
import { describe, expect, it } from 'vitest';
import { websiteToXml } from '../../../../shared/oss/xml/website.ts';

describe('websiteToXml MirrorURLProbe order', () => {
  it('writes MirrorURLProbe after MirrorAuth and before MirrorAllowVideoSnapshot and MirrorURLSlave', () => {
    const xml = websiteToXml({
      routingRules: [{
        ruleNumber: 1,
        condition: { httpErrorCodeReturnedEquals: 404 },
        redirect: {
          redirectType: 'Mirror', mirrorURL: 'http://a.example/', mirrorURLSlave: 'http://b.example/', mirrorURLProbe: 'http://probe.example/',
          mirrorAllowVideoSnapshot: false, mirrorAuth: { authType: 'S3V4', region: 'r', accessKeyId: 'k', accessKeySecret: 's' },
        },
      }],
    });
    const at = (name: string) => xml.indexOf(`<${name}>`);
    expect(at('MirrorURLProbe')).toBeGreaterThan(at('MirrorAuth'));
    expect(at('MirrorURLProbe')).toBeLessThan(at('MirrorAllowVideoSnapshot'));
    expect(at('MirrorAllowVideoSnapshot')).toBeLessThan(at('MirrorURLSlave'));
  });
});
