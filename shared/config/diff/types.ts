import type { Change } from './changes.ts';

export type SectionName = 'website' | 'cors' | 'referer';
export type SectionAction = 'create' | 'update' | 'delete' | 'none';

/** The plan for one section of one bucket. */
export interface SectionPlan<T> {
  section: SectionName;
  /** false when the file does not mention the section (left as it is). */
  managed: boolean;
  action: SectionAction;
  /**
   * What to PUT for create/update (merge already applied; secrets still `${env:NAME}`: resolve
   * with resolveWebsiteSecrets right before sending). null for delete and none.
   */
  desired: T | null;
  /** Structured differences, secrets redacted. */
  changes: Change[];
  /** Human-readable lines, one per change. */
  text: string[];
  /** Things the operator should know (e.g. a foreign rule's masked secret would be re-sent). */
  warnings: string[];
}
