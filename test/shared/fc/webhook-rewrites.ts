// Rewrites of one captured X-Ossedge-Signature header (issue 13 item 5): each must be refused, not re-keyed.

/** The five rewrites the review queued runs with, and a few more spellings of the same signature. */
export function rewritesOf(header: string): Record<string, string> {
  const [t, v1] = header.split(',') as [string, string];
  return {
    'extra v1': `${header},v1=${'0'.repeat(64)}`,
    'extra v1 first': `${t},v1=${'0'.repeat(64)},${v1}`,
    'unknown key': `${header},v0=abc`,
    'spaces': `${t}, ${v1}`,
    'upper-case hex': `${t},${v1.replace(/[a-f]/g, (c) => c.toUpperCase())}`,
    'zero-padded t': header.replace('t=', 't=0'),
    'keys swapped': `${v1},${t}`,
    'trailing comma': `${header},`,
  };
}
