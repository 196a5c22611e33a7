export type * from './website.ts';
export type * from './cors.ts';
export type * from './referer.ts';
export { DEFAULT_REFERER_CONFIGURATION } from './referer.ts';
