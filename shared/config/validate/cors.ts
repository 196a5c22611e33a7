import { corsRuleIdentity } from '../identity.ts';
import type { PathSegments } from '../path.ts';
import { isObj } from './collector.ts';
import type { IssueCollector, Obj } from './collector.ts';

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const stars = (s: string): number => s.split('*').length - 1;

/** OSS rules of a CORS section (spec/oss-api.md §3.2) and the merge-mode identity rule (DESIGN.md). */
export function checkCors(cors: Obj, at: PathSegments, out: IssueCollector): void {
  if (!Array.isArray(cors.rules)) return;
  const merge = cors.mode === 'merge';
  const identities = new Map<string, number>();
  cors.rules.forEach((rule, i) => {
    if (!isObj(rule)) return;
    const r = [...at, 'rules', i];
    strings(rule.allowedOrigin).forEach((o, j) => {
      if (stars(o) > 1) out.error([...r, 'allowedOrigin', j], 'CONFIG_WILDCARD', 'at most one "*" wildcard per origin');
    });
    strings(rule.allowedHeader).forEach((h, j) => {
      if (stars(h) > 1) out.error([...r, 'allowedHeader', j], 'CONFIG_WILDCARD', 'at most one "*" wildcard per header');
    });
    strings(rule.exposeHeader).forEach((h, j) => {
      if (h.includes('*')) out.error([...r, 'exposeHeader', j], 'CONFIG_WILDCARD', 'exposeHeader does not accept "*"; list each header');
    });
    const methods = strings(rule.allowedMethod);
    if (new Set(methods).size !== methods.length) out.warn([...r, 'allowedMethod'], 'CONFIG_DUPLICATE', 'lists a method twice');
    const origins = strings(rule.allowedOrigin);
    if (origins.length === 0 || methods.length === 0) return;
    const id = corsRuleIdentity({ allowedOrigin: origins, allowedMethod: methods });
    const first = identities.get(id);
    if (first === undefined) identities.set(id, i);
    else if (merge) out.error(r, 'CONFIG_DUPLICATE', `same allowedOrigin and allowedMethod sets as rules[${first}]; in merge mode a CORS rule is identified by them`);
    else out.warn(r, 'CONFIG_SHADOWED', `can never match: rules[${first}] has the same origins and methods and comes first`);
  });
}
