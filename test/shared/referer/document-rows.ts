import { CHOICE_NOTES, SOURCES, type Source } from '../../../local/oss-emulator/dataplane/decisions/index.ts';
import type { RefererConfiguration } from '../../../shared/oss/models/referer.ts';
import type { RefererReason } from '../../../shared/referer/index.ts';

/**
 * The Referer decisions the documents give, each with its configuration, Referer and outcome: the help
 * pages' own examples (0003-00000501/502/503), the user guide's order and wildcard examples, the truncation
 * elements. A row that rests on no document names the choice (README "Data plane assumptions") it follows.
 * Written from the documents, never from the matcher: test/shared/referer/match.test.ts runs every row.
 */
export interface RefererDocumentRow {
  id: string;
  sources: readonly Source[];
  /** A choice of CHOICE_NOTES (R1…) where the documents are silent. */
  choice?: string;
  config: RefererConfiguration;
  referer: string | undefined;
  allowed: boolean;
  reason: RefererReason;
}

/** The configuration of the 0003-00000502 and 0003-00000503 help pages' examples. */
const HELP_PAGE: RefererConfiguration = { allowEmptyReferer: false, refererList: ['http://*.aliyuncs.com'], refererBlacklist: ['http://abc.aliyuncs.com'] };
/** The configuration of the 0003-00000501 help page's example. */
const HELP_501: RefererConfiguration = { allowEmptyReferer: false, refererList: ['*.example.com'] };
const EVIL_QUERY = 'http://good.com/p?from=evil';
const EVIL_PATH = 'https://good.com/evil/page';

const row = (id: string, sources: readonly Source[], config: RefererConfiguration, referer: string | undefined, reason: RefererReason, choice?: string): RefererDocumentRow => ({
  id, sources, config, referer, reason, ...(choice ? { choice } : {}),
  allowed: ['empty-allowed', 'empty-with-empty-whitelist', 'whitelisted', 'whitelist-empty'].includes(reason),
});

export const REFERER_DOCUMENT_ROWS: readonly RefererDocumentRow[] = [
  row('H501-NO-HEADER', [SOURCES.help0003_00000501], HELP_501, undefined, 'empty-denied'),
  row('H501-BLANK-HEADER', [SOURCES.help0003_00000501], HELP_501, '', 'empty-denied'),
  row('H501-OPTION-1-MATCHING-REFERER', [SOURCES.help0003_00000501, SOURCES.specRefererWildcards], HELP_501, 'https://help.example.com', 'whitelisted'),
  row('H501-OPTION-2-ALLOW-EMPTY', [SOURCES.help0003_00000501], { ...HELP_501, allowEmptyReferer: true }, undefined, 'empty-allowed'),
  row('H502-BLACKLISTED', [SOURCES.help0003_00000502], HELP_PAGE, 'http://abc.aliyuncs.com', 'blacklisted'),
  row('H503-NOT-WHITELISTED', [SOURCES.help0003_00000503Example], HELP_PAGE, 'http://test.com', 'not-whitelisted'),
  row('H503-FIX-WHITELISTED', [SOURCES.help0003_00000503Example], HELP_PAGE, 'http://test.aliyuncs.com', 'whitelisted'),
  row('G-EMPTY-WITH-EMPTY-WHITELIST', [SOURCES.specEmptyReferer], { allowEmptyReferer: false, refererList: [] }, undefined, 'empty-with-empty-whitelist'),
  row('G-EMPTY-DENIED-WITH-WHITELIST', [SOURCES.specEmptyReferer], { allowEmptyReferer: false, refererList: ['https://*.example.com'] }, '', 'empty-denied'),
  row('G-BLACKLIST-BEFORE-WHITELIST', [SOURCES.specRefererOrder], { allowEmptyReferer: true, refererList: ['*'], refererBlacklist: ['https://*.hack.com'] }, 'https://www.hack.com/x', 'blacklisted'),
  row('G-STAR-HTTP', [SOURCES.specRefererWildcards], { allowEmptyReferer: false, refererList: ['*.example.com'] }, 'http://www.example.com', 'whitelisted'),
  row('G-QMARK-ONE', [SOURCES.specRefererWildcards], { allowEmptyReferer: false, refererList: ['http://www.aliyun?.com'] }, 'http://www.aliyunc.com', 'whitelisted'),
  row('G-QMARK-IN-HOST', [SOURCES.specRefererWildcards], { allowEmptyReferer: false, refererList: ['https://www.?.aliyuncs.com'] }, 'https://www.a.aliyuncs.com', 'whitelisted'),
  row('G-QMARK-NOT-ZERO', [SOURCES.specRefererWildcards], { allowEmptyReferer: false, refererList: ['http://www.aliyun?.com'] }, 'http://www.aliyun.com', 'not-whitelisted'),
  row('G-QMARK-NOT-TWO', [SOURCES.specRefererWildcards], { allowEmptyReferer: false, refererList: ['https://www.?.aliyuncs.com'] }, 'https://www.ab.aliyuncs.com', 'not-whitelisted'),
  row('O-PREFIX-PATH', [SOURCES.ossutilRefererPrefix], { allowEmptyReferer: false, refererList: ['http://www.aliyun.com'] }, 'http://www.aliyun.com/123', 'whitelisted', 'R1'),
  row('O-PREFIX-LONGER-HOST', [SOURCES.ossutilRefererPrefix], { allowEmptyReferer: false, refererList: ['http://www.aliyun.com'] }, 'http://www.aliyun.com.cn', 'whitelisted', 'R1'),
  row('O-PREFIX-ANCHORED-AT-START', [SOURCES.ossutilRefererPrefix], { allowEmptyReferer: false, refererList: ['http://www.aliyun.com'] }, 'https://www.aliyun.com', 'not-whitelisted', 'R1'),
  row('T-QUERY-TRUNCATED-BY-DEFAULT', [SOURCES.specRefererTruncate], { allowEmptyReferer: true, refererList: ['http://*'], refererBlacklist: ['*evil*'] }, EVIL_QUERY, 'whitelisted'),
  row('T-QUERY-KEPT', [SOURCES.specRefererTruncate], { allowEmptyReferer: true, allowTruncateQueryString: false, refererList: ['http://*'], refererBlacklist: ['*evil*'] }, EVIL_QUERY, 'blacklisted'),
  row('T-PATH-TRUNCATED', [SOURCES.specRefererTruncate], { allowEmptyReferer: true, truncatePath: true, refererList: ['https://good.com'], refererBlacklist: ['*evil*'] }, EVIL_PATH, 'whitelisted'),
  row('T-PATH-KEPT', [SOURCES.specRefererTruncate], { allowEmptyReferer: true, refererList: ['https://good.com'], refererBlacklist: ['*evil*'] }, EVIL_PATH, 'blacklisted'),
  row('T-PATH-DROPS-QUERY-TOO', [SOURCES.specRefererTruncate], { allowEmptyReferer: true, allowTruncateQueryString: false, truncatePath: true, refererList: ['https://good.com'], refererBlacklist: ['*evil*'] }, 'https://good.com?from=evil', 'whitelisted', 'R4'),
  row('C-EMPTY-WHITELIST-ALLOWS-ANY', [], { allowEmptyReferer: false, refererList: [] }, 'https://any.example.org/', 'whitelist-empty', 'R2'),
  row('C-CASE-INSENSITIVE', [], { allowEmptyReferer: false, refererList: ['http://WWW.Example.com'] }, 'http://www.example.COM/a', 'whitelisted', 'R3'),
];

/** The choices a row may name. */
export const CHOICE_IDS: ReadonlySet<string> = new Set(CHOICE_NOTES.map((c) => c.id));
