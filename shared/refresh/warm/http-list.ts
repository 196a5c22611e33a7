// Which key lists an HTTP caller may name (keysFrom). The trigger only proves the caller may invoke the
// function, not that it may read what the function's role can read: a list is read line by line into
// report items and warm GETs (each line reaches the origin as a path), so naming an arbitrary object would
// copy its content out. Over HTTP a list must therefore sit in the one folder meant for uploads,
// `<state>warm/lists/`; timer, config and direct invocations (the operator's own) may name any object.
import { parseOssLocation } from '../../state/location.ts';
import type { StateLocation } from '../types.ts';

/** The folder an HTTP caller uploads warm-up lists to (README "Warm-up"). */
export const warmListsFolder = (state: StateLocation): string => `${state.prefix}warm/lists/`;

/**
 * Why `keysFrom` is not a list an HTTP caller may name (undefined when it is). The answer is in our own
 * words and names only the allowed folder: nothing of the named object is read or echoed.
 */
export function httpListProblem(keysFrom: string, state: StateLocation): string | undefined {
  const folder = warmListsFolder(state);
  const refused = `over HTTP keysFrom must name a list under oss://${state.bucket}/${folder} (upload it there; other objects are read only by direct invocations)`;
  let loc;
  try {
    loc = parseOssLocation(keysFrom);
  } catch {
    return refused;
  }
  if (loc.bucket !== state.bucket || !loc.key.startsWith(folder)) return refused;
  const name = loc.key.slice(folder.length);
  // OSS keys are literal, but a "." or ".." segment or an empty one reads as a way out of the folder: refuse
  if (name === '' || name.split('/').some((seg) => seg === '' || seg === '.' || seg === '..')) return refused;
  return undefined;
}
