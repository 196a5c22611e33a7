import type { PathSegments } from '../path.ts';
import type { Shape } from '../shape/types.ts';

/** A shape with its `nullable` wrappers removed. */
function unwrap(shape: Shape): Shape {
  let s = shape;
  while (s.kind === 'nullable') s = s.of;
  return s;
}

/** True for a mapping with a secret field (mirrorAuth): any other key in it may be the secret itself. */
export function holdsSecret(shape: Shape): boolean {
  const s = unwrap(shape);
  return s.kind === 'object' && Object.values(s.fields).some((f) => unwrap(f).kind === 'secret');
}

/**
 * Where a path may name a secret written in the wrong place: the number of its leading segments that are
 * safe to show, or undefined when none is a secret. A key that is not a field of a mapping holding a secret
 * (`{accessKeyId: AK, s3cr3t}`), and any key inside a secret field's value, may be the secret itself: an
 * issue under it points at the mapping that holds it instead.
 */
export function secretFreePrefix(root: Shape, segments: PathSegments): number | undefined {
  let shape: Shape = root;
  for (let i = 0; i < segments.length; i++) {
    const s = unwrap(shape);
    const seg = String(segments[i]);
    if (s.kind === 'secret') return i;
    if (s.kind === 'object') {
      if (!Object.hasOwn(s.fields, seg)) return holdsSecret(s) ? i : undefined;
      shape = s.fields[seg]!;
    } else if (s.kind === 'map') shape = s.values;
    else if (s.kind === 'list') shape = s.items;
    else return undefined;
  }
  return undefined;
}
