import { SOURCES } from './sources.ts';
import type { DecisionRow, OriginUrl } from './types.ts';

const site = (origin: OriginUrl, redirect: Record<string, unknown> = {}) => ({
  index: 'index.html',
  error: 'error.html',
  routingRules: [{
    RuleNumber: 1,
    Condition: { KeyPrefixEquals: 'm/', HttpErrorCodeReturnedEquals: 404 },
    Redirect: { RedirectType: 'Mirror', MirrorURL: origin('status-404'), ...redirect },
  }],
});

/** Static website after a Mirror rule ran. */
export const WEBSITE_ROWS: readonly DecisionRow[] = [
  {
    id: 'W-ERRDOC-AFTER-MIRROR-404',
    decision: 'A website bucket whose Mirror rule\'s origin answers 404 serves its ErrorDocument (with its HttpStatus, default 404).',
    sources: [SOURCES.goTransparent, SOURCES.goErrorDocument],
    where: 'dataplane/hook.ts missing → websiteMissing (WEBSITE_ASSUMPTIONS.errorDocumentAfterMirror404)',
    bucket: { acl: 'public-read', website: (o) => site(o), objects: { 'error.html': 'custom error page' } },
    steps: [{ kind: 'object', method: 'GET', key: 'm/none.txt', auth: 'anonymous', expect: { status: 404, body: 'custom error page', stored: false } }],
  },
  {
    id: 'W-TRANSPARENT-404',
    decision: 'With 404 in TransparentMirrorResponseCodes the origin\'s 404 status and body reach the client and the ErrorDocument is not served.',
    sources: [SOURCES.goTransparent],
    where: 'shared/mirror/outcome.ts passesThrough; dataplane/mirror.ts passThrough',
    bucket: { acl: 'public-read', website: (o) => site(o, { TransparentMirrorResponseCodes: '404' }), objects: { 'error.html': 'custom error page' } },
    steps: [{ kind: 'object', method: 'GET', key: 'm/none.txt', auth: 'anonymous', expect: { status: 404, body: 'origin status 404', stored: false } }],
  },
  {
    id: 'W-NO-ERRDOC-NOSUCHKEY',
    decision: 'Without an ErrorDocument, a Mirror rule\'s origin 404 reaches the client as 404 NoSuchKey.',
    sources: [SOURCES.guideOverview],
    where: 'dataplane/mirror.ts (not-found)',
    bucket: { acl: 'public-read', website: (o) => ({ index: 'index.html', routingRules: site(o).routingRules }) },
    steps: [{ kind: 'object', method: 'GET', key: 'm/none.txt', auth: 'anonymous', expect: { status: 404, code: 'NoSuchKey', stored: false } }],
  },
  {
    id: 'W-EXTERNAL-REDIRECT',
    decision: 'An External rule answers HttpRedirectCode with Location Protocol://HostName/<key>.',
    sources: [SOURCES.goExternal],
    where: 'shared/mirror/redirect.ts externalRedirect',
    bucket: {
      acl: 'public-read',
      website: () => ({ routingRules: [{ RuleNumber: 1, Condition: { KeyPrefixEquals: 'x/', HttpErrorCodeReturnedEquals: 404 },
        Redirect: { RedirectType: 'External', Protocol: 'https', HostName: 'example.com', HttpRedirectCode: 301 } }] }),
    },
    steps: [{ kind: 'object', method: 'GET', key: 'x/test', auth: 'anonymous', expect: { status: 301, location: 'https://example.com/x/test' } }],
  },
];
