export { GitHostError, type GitErrorCode } from './errors.ts';
export { createGitHub, GITHUB_API, type ProviderOptions } from './github.ts';
export { createGitLab, GITLAB_API } from './gitlab.ts';
export { DEFAULT_GIT_ATTEMPTS, MAX_RETRY_AFTER_MS, retryAfterMs } from './http.ts';
export * from './types.ts';
export * from './settings.ts';
export * from './events.ts';
export * from './event-decide.ts';
