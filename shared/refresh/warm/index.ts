// Mirror warm-up: pre-load a key list by OSS's own mirroring at a safe rate.
export { warmBucket, mirrorRuleFor, ZERO_WARM_COUNTERS, DEFAULT_WARM_CONCURRENCY, type WarmCounters, type WarmOptions, type WarmResult } from './engine.ts';
export { parseKeyList, normalizeKeys, readKeyListObject, keyProblem, KeyListError, MAX_KEY_LIST_BYTES, MAX_KEYS } from './key-list.ts';
export { findPresent, folderOf } from './presence.ts';
export { createPacer, DEFAULT_WARM_QPS, DEFAULT_WARM_BYTES_PER_SECOND, type Pacer } from './pacer.ts';
export { warmKey, type WarmOutcome } from './warm-key.ts';
export { warmReport, type WarmReportContext } from './report.ts';
