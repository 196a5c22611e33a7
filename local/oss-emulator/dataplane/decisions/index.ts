import { MIRROR_ROWS } from './mirror-rows.ts';
import { REFERER_ROWS } from './referer-rows.ts';
import type { DecisionRow } from './types.ts';
import { WEBSITE_ROWS } from './website-rows.ts';

export type * from './types.ts';
export { SOURCES } from './sources.ts';
export { CHOICE_NOTES } from './choices.ts';

/** Every decision row, in README order. */
export const DECISION_ROWS: readonly DecisionRow[] = [...MIRROR_ROWS, ...WEBSITE_ROWS, ...REFERER_ROWS];
