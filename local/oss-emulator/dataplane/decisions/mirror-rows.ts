import { SOURCES } from './sources.ts';
import type { DecisionRow, OriginScript, OriginUrl } from './types.ts';

const rule = (origin: OriginUrl, primary: OriginScript, redirect: Record<string, unknown> = {}) => ({
  routingRules: [{
    RuleNumber: 1,
    Condition: { KeyPrefixEquals: 'm/', HttpErrorCodeReturnedEquals: 404 },
    Redirect: { RedirectType: 'Mirror', MirrorURL: origin(primary), ...redirect },
  }],
});

const FAILOVER = [SOURCES.goSwitchAllErrors, SOURCES.terraformSwitchAllErrors];
const FAILOVER_WHERE = 'shared/mirror/outcome.ts triesNextOrigin; dataplane/origin-fetch.ts';
const HOST_WHERE = 'shared/mirror/headers.ts originRequestHeaders';

/** Mirroring-based back-to-origin: failover, MD5 check, Host. */
export const MIRROR_ROWS: readonly DecisionRow[] = [
  {
    id: 'M-FAILOVER-DEFAULT-403',
    decision: 'MirrorSwitchAllErrors false (default): a 403 primary is not a failure that switches; the client gets 424 MirrorFailed and the secondary is never asked.',
    sources: FAILOVER,
    where: FAILOVER_WHERE,
    bucket: { acl: 'public-read', website: (o) => rule(o, 'status-403', { MirrorURLSlave: o('ok') }) },
    steps: [{ kind: 'object', method: 'GET', key: 'm/a.txt', auth: 'anonymous', expect: { status: 424, code: 'MirrorFailed', stored: false } }],
  },
  {
    id: 'M-FAILOVER-DEFAULT-5XX',
    decision: 'MirrorSwitchAllErrors false (default): a 5xx primary switches to MirrorURLSlave, whose 200 is served and stored.',
    sources: FAILOVER,
    where: FAILOVER_WHERE,
    bucket: { acl: 'public-read', website: (o) => rule(o, 'status-503', { MirrorURLSlave: o('ok') }) },
    steps: [{ kind: 'object', method: 'GET', key: 'm/a.txt', auth: 'anonymous', expect: { status: 200, body: 'ok #1', stored: true } }],
  },
  {
    id: 'M-FAILOVER-ALL-403',
    decision: 'MirrorSwitchAllErrors true: a 403 primary switches to MirrorURLSlave.',
    sources: FAILOVER,
    where: FAILOVER_WHERE,
    bucket: { acl: 'public-read', website: (o) => rule(o, 'status-403', { MirrorURLSlave: o('ok'), MirrorSwitchAllErrors: true }) },
    steps: [{ kind: 'object', method: 'GET', key: 'm/a.txt', auth: 'anonymous', expect: { status: 200, body: 'ok #1', stored: true } }],
  },
  {
    id: 'M-FAILOVER-ALL-404',
    decision: 'MirrorSwitchAllErrors true: a 404 primary is not a failure; the client gets 404 NoSuchKey without asking the secondary.',
    sources: FAILOVER,
    where: FAILOVER_WHERE,
    bucket: { acl: 'public-read', website: (o) => rule(o, 'status-404', { MirrorURLSlave: o('ok'), MirrorSwitchAllErrors: true }) },
    steps: [{ kind: 'object', method: 'GET', key: 'm/a.txt', auth: 'anonymous', expect: { status: 404, code: 'NoSuchKey', stored: false } }],
  },
  {
    id: 'M-MD5-MISMATCH',
    decision: 'MirrorCheckMd5 with a wrong origin Content-MD5: the client still gets the file, OSS does not store it, so the next GET goes back to the origin.',
    sources: [SOURCES.guideMd5, SOURCES.goCheckMd5, SOURCES.help424],
    conflict: 'The 424 help page lists "MD5 in header() is not equal to MD5 calculated" among the causes of 424 in general; the console guide describes this exact case (client served, copy not stored) and the field doc agrees that the data is not stored. The guide wins.',
    where: 'dataplane/mirror.ts mirrorObject (stream, then drop the upload)',
    bucket: { acl: 'public-read', website: (o) => rule(o, 'md5-bad', { MirrorCheckMd5: true }) },
    steps: [
      { kind: 'object', method: 'GET', key: 'm/a.txt', auth: 'anonymous', expect: { status: 200, body: 'md5-bad #1', stored: false } },
      { kind: 'object', method: 'GET', key: 'm/a.txt', auth: 'anonymous', expect: { status: 200, body: 'md5-bad #2', stored: false } },
    ],
  },
  {
    id: 'M-HOST-OWN',
    decision: 'A rule that does not pass Host: the origin sees its own host.',
    sources: [SOURCES.guideHeaderExample],
    where: HOST_WHERE,
    bucket: { acl: 'public-read', website: (o) => rule(o, 'echo-host', { MirrorHeaders: { Pass: ['x-anything'] } }) },
    steps: [{ kind: 'object', method: 'GET', key: 'm/a.txt', auth: 'anonymous', expect: { status: 200, originSawHost: 'origin' } }],
  },
  {
    id: 'M-HOST-PASS-ALL',
    decision: 'PassAll without "host" in Remove: the origin sees the bucket\'s Host (the one the client sent to OSS).',
    sources: [SOURCES.faqHost, SOURCES.articlePassAll],
    conflict: 'The console guide\'s header example (Japanese edition) shows the origin seeing its own host, but that example does not use PassAll; read together, both hold.',
    where: HOST_WHERE,
    bucket: { acl: 'public-read', website: (o) => rule(o, 'echo-host', { MirrorHeaders: { PassAll: true } }) },
    steps: [{ kind: 'object', method: 'GET', key: 'm/a.txt', auth: 'anonymous', expect: { status: 200, originSawHost: 'bucket' } }],
  },
  {
    id: 'M-HOST-PASS-ALL-REMOVED',
    decision: 'PassAll with "host" in Remove: the origin sees its own host, so a virtual-hosted origin answers.',
    sources: [SOURCES.faqHost],
    where: HOST_WHERE,
    bucket: { acl: 'public-read', website: (o) => rule(o, 'vhost', { MirrorHeaders: { PassAll: true, Remove: ['host'] } }) },
    steps: [{ kind: 'object', method: 'GET', key: 'm/a.txt', auth: 'anonymous', expect: { status: 200, body: 'vhost ok', stored: true } }],
  },
  {
    id: 'M-HOST-VHOST-424',
    decision: 'PassAll without removing "host" towards a virtual-hosted origin: the origin refuses the bucket\'s Host (403) and the client gets 424 MirrorFailed.',
    sources: [SOURCES.faqHost],
    where: HOST_WHERE,
    bucket: { acl: 'public-read', website: (o) => rule(o, 'vhost', { MirrorHeaders: { PassAll: true } }) },
    steps: [{ kind: 'object', method: 'GET', key: 'm/a.txt', auth: 'anonymous', expect: { status: 424, code: 'MirrorFailed', stored: false } }],
  },
  {
    id: 'M-ROLE-PRIVATE-ORIGIN',
    decision: 'MirrorUsingRole without MirrorRole reads a private OSS origin bucket signed as AliyunOSSMirrorDefaultRole: the object is served and stored.',
    sources: [SOURCES.goUsingRole, SOURCES.guidePrivateOrigin],
    where: 'dataplane/mirror-role.ts roleSigner (role store: dataPlaneOptions.mirrorRoles)',
    bucket: {
      acl: 'public-read',
      privateOriginObjects: { 'm/a.txt': 'private body' },
      website: (_o, privateOrigin) => ({ routingRules: [{ RuleNumber: 1, Condition: { KeyPrefixEquals: 'm/', HttpErrorCodeReturnedEquals: 404 },
        Redirect: { RedirectType: 'Mirror', MirrorURL: privateOrigin, MirrorUsingRole: true } }] }),
    },
    steps: [{ kind: 'object', method: 'GET', key: 'm/a.txt', auth: 'anonymous', expect: { status: 200, body: 'private body', stored: true } }],
  },
  {
    id: 'M-ROLE-NONE-PRIVATE-ORIGIN',
    decision: 'Without MirrorUsingRole a private OSS origin refuses the unsigned back-to-origin request (403) and the client gets 424 MirrorFailed.',
    sources: [SOURCES.guidePrivateOrigin],
    where: 'dataplane/origin-fetch.ts (unsigned request)',
    bucket: {
      acl: 'public-read',
      privateOriginObjects: { 'm/a.txt': 'private body' },
      website: (_o, privateOrigin) => ({ routingRules: [{ RuleNumber: 1, Condition: { KeyPrefixEquals: 'm/', HttpErrorCodeReturnedEquals: 404 },
        Redirect: { RedirectType: 'Mirror', MirrorURL: privateOrigin } }] }),
    },
    steps: [{ kind: 'object', method: 'GET', key: 'm/a.txt', auth: 'anonymous', expect: { status: 424, code: 'MirrorFailed', stored: false } }],
  },
  {
    id: 'M-ROLE-MISSING',
    decision: 'MirrorUsingRole with a MirrorRole OSS cannot assume: the mirror fails, 424 MirrorFailed (no document gives the message or EC; the emulator uses a stand-in EC).',
    sources: [SOURCES.goUsingRole, SOURCES.guidePrivateOrigin],
    where: 'dataplane/mirror-errors.ts noRole',
    bucket: {
      acl: 'public-read',
      privateOriginObjects: { 'm/a.txt': 'private body' },
      website: (_o, privateOrigin) => ({ routingRules: [{ RuleNumber: 1, Condition: { KeyPrefixEquals: 'm/', HttpErrorCodeReturnedEquals: 404 },
        Redirect: { RedirectType: 'Mirror', MirrorURL: privateOrigin, MirrorUsingRole: true, MirrorRole: 'ossedge-no-such-role' } }] }),
    },
    steps: [{ kind: 'object', method: 'GET', key: 'm/a.txt', auth: 'anonymous', expect: { status: 424, code: 'MirrorFailed', stored: false } }],
  },
  {
    id: 'M-200-STORED-NOT-REFRESHED',
    decision: 'An origin 200 is served and stored; the next GET is served from the stored copy, not from the origin.',
    sources: [SOURCES.guideOverview, SOURCES.guideNoSync],
    where: 'dataplane/mirror.ts mirrorObject',
    bucket: { acl: 'public-read', website: (o) => rule(o, 'ok') },
    steps: [
      { kind: 'object', method: 'GET', key: 'm/a.txt', auth: 'anonymous', expect: { status: 200, body: 'ok #1', stored: true } },
      { kind: 'object', method: 'GET', key: 'm/a.txt', auth: 'anonymous', expect: { status: 200, body: 'ok #1' } },
    ],
  },
  {
    id: 'M-5XX-NO-SECONDARY',
    decision: 'An origin 5xx without another origin: 424 MirrorFailed, nothing stored.',
    sources: [SOURCES.guideOverview],
    where: 'dataplane/mirror-errors.ts',
    bucket: { acl: 'public-read', website: (o) => rule(o, 'status-500') },
    steps: [{ kind: 'object', method: 'GET', key: 'm/a.txt', auth: 'anonymous', expect: { status: 424, code: 'MirrorFailed', ec: '0041-00000101', stored: false } }],
  },
  {
    id: 'M-HEAD-NOT-MIRRORED',
    decision: 'A HEAD of a missing key is not mirrored without MirrorAllowHeadObject: 404, and the origin is not asked (the next GET is its first request).',
    sources: [SOURCES.overviewHead, SOURCES.goAllowHead],
    conflict: 'The overview says HEAD never triggers back-to-origin; the MirrorAllowHeadObject field allows it. Read together: not without that field.',
    where: 'shared/mirror/outcome.ts mirrorsMethod',
    bucket: { acl: 'public-read', website: (o) => rule(o, 'ok') },
    steps: [
      { kind: 'object', method: 'HEAD', key: 'm/a.txt', auth: 'anonymous', expect: { status: 404, stored: false } },
      { kind: 'object', method: 'GET', key: 'm/a.txt', auth: 'anonymous', expect: { status: 200, body: 'ok #1' } },
    ],
  },
  {
    id: 'M-FOLLOW-REDIRECT-DEFAULT',
    decision: 'MirrorFollowRedirect defaults to true: an origin 302 is followed and the target\'s object served and stored.',
    sources: [SOURCES.goFollowRedirect],
    where: 'dataplane/origin-fetch.ts fetchFromOrigins',
    bucket: { acl: 'public-read', website: (o) => rule(o, 'redirect-ok') },
    steps: [{ kind: 'object', method: 'GET', key: 'm/a.txt', auth: 'anonymous', expect: { status: 200, body: 'ok #1', stored: true } }],
  },
  {
    id: 'M-FOLLOW-REDIRECT-FALSE',
    decision: 'MirrorFollowRedirect false: the origin\'s 302 and its Location reach the client; nothing stored.',
    sources: [SOURCES.goFollowRedirect],
    where: 'dataplane/mirror.ts (return-redirect)',
    bucket: { acl: 'public-read', website: (o) => rule(o, 'redirect-ok', { MirrorFollowRedirect: false }) },
    steps: [{ kind: 'object', method: 'GET', key: 'm/a.txt', auth: 'anonymous', expect: { status: 302, locationAtOrigin: true, stored: false } }],
  },
];
