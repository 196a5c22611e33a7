import { createHmac } from 'node:crypto';

/**
 * The hidden first line that finds our one plan comment again. The public marker alone could be planted by
 * anyone who comments on the pull request (and our edits would then land in their comment): this one
 * carries an HMAC keyed by the token, for this repository and number, which no other author can write.
 */
export function planCommentMarker(token: string, repository: string, number: number): string {
  const tag = createHmac('sha256', token).update(`ossedge-plan-comment\n${repository.toLowerCase()}#${number}`).digest('hex').slice(0, 32);
  return `<!-- ossedge:plan ${tag} -->`;
}
