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
 * Whether the last segment of `segments` (a key of the config) may be a secret written in the wrong place:
 * a key that is not a field of a mapping holding a secret (`{accessKeyId: AK, s3cr3t}`), or any key
 * inside a secret field's value. Such a key is never named in an issue's path or message.
 */
export function keyMayBeSecret(root: Shape, segments: PathSegments): boolean {
  if (segments.length === 0) return false;
  let shape: Shape = root;
  for (const seg of segments.slice(0, -1)) {
    const s = unwrap(shape);
    if (s.kind === 'secret') return true;
    if (s.kind === 'object') {
      if (!Object.hasOwn(s.fields, String(seg))) return holdsSecret(s);
      shape = s.fields[String(seg)]!;
    } else if (s.kind === 'map') shape = s.values;
    else if (s.kind === 'list') shape = s.items;
    else return false;
  }
  const parent = unwrap(shape);
  if (parent.kind === 'secret') return true;
  return parent.kind === 'object' && holdsSecret(parent) && !Object.hasOwn(parent.fields, String(segments[segments.length - 1]));
}
