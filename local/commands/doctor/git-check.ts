// The GitOps token of `ossedge doctor`: when OSSEDGE_GIT_TOKEN is set, the host accepts it for the
// repository and it has the scopes GitOps needs (read without writing; what needs a write is said).
import { GitHostError } from '../../../shared/git/errors.ts';
import { gitSettingsFrom, gitOpsEnabled } from '../../../shared/git/settings.ts';
import { tokenAccess } from '../../../shared/git/token-access.ts';
import { fail, pass, skip, type CheckResult } from './check.ts';
import type { DoctorSettings } from './settings.ts';

const SCOPES_HINT: Record<string, string> = {
  github: 'a fine-grained token with Contents: read, Commit statuses: read and write, Pull requests: read and write on the repository (a classic token: repo)',
  gitlab: 'a project access token with the api scope and the Developer role',
};

export async function checkGitToken(s: DoctorSettings): Promise<CheckResult> {
  const name = 'git token';
  if (!s.env.OSSEDGE_GIT_TOKEN) return skip(name, 'GitOps is off (no OSSEDGE_GIT_TOKEN)');
  let settings;
  try {
    settings = gitSettingsFrom(s.env);
  } catch (e) {
    return fail(name, (e as Error).message, 'set OSSEDGE_GIT_PROVIDER (github or gitlab) and OSSEDGE_GIT_REPOSITORY with the token');
  }
  if (!gitOpsEnabled(settings)) return fail(name, 'OSSEDGE_GIT_PROVIDER and OSSEDGE_GIT_REPOSITORY are required with the token');
  const hint = SCOPES_HINT[settings.provider]!;
  try {
    const access = await tokenAccess(settings, { deadline: Date.now() + s.timeoutMs, maxAttempts: 1 });
    const scopes = access.scopes ? ` (scopes: ${access.scopes.join(', ') || 'none'})` : '';
    if (access.missing.length > 0) return fail(name, `${settings.provider} token for ${settings.repository} lacks ${access.missing.join('; ')}${scopes}`, hint);
    const unverified = access.unverified.length ? `; not verifiable without writing: ${access.unverified.join('; ')}` : '';
    return pass(name, `${settings.provider} ${access.kind === 'gitlab' ? '' : `${access.kind} `}token can reach ${settings.repository}${scopes}${unverified}`);
  } catch (e) {
    if (e instanceof GitHostError) return fail(name, `${e.code}: ${e.message}`, e.code === 'GIT_UNAUTHORIZED' ? 'the host refused the token: make a new one and set OSSEDGE_GIT_TOKEN' : hint);
    return fail(name, String((e as Error)?.message ?? e).slice(0, 300), 'check OSSEDGE_GIT_API');
  }
}
