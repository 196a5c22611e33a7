// Links into a git host's web pages.

/** The web page of commit `sha` under the repository's `webUrl` (GitLab's is under `/-/commit/`); undefined for a non-http(s) URL. */
export const commitUrl = (provider: string, webUrl: string | undefined, sha: string) =>
  webUrl && /^https?:\/\//.test(webUrl) ? `${webUrl.replace(/\/+$/, '')}${provider === 'gitlab' ? '/-/commit/' : '/commit/'}${sha}` : undefined;
