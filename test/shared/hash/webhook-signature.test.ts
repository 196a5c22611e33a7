import { describe, expect, it } from 'vitest';
import { rewritesOf } from '../fc/webhook-rewrites.ts';
import { checkOssedgeSignature, parseOssedgeSignature, signOssedge, verifyGitHubSignature, signGitHub } from '../../../shared/hash/webhook-signature.ts';

const SECRET = 'verify-secret';
const PREVIOUS = 'verify-secret-previous';
const body = Buffer.from('{"ref":"refs/heads/main"}');
const T = 1_800_000_000;

describe('our signature grammar', () => {
  it('parses exactly t=<seconds>,v1=<64 lower-case hex> into the parsed time and the one v1', () => {
    const header = signOssedge(body, SECRET, T);
    expect(parseOssedgeSignature(header)).toEqual({ t: T, v1: header.slice(header.indexOf('v1=') + 3) });
  });

  it('refuses every rewrite of a valid header as malformed', () => {
    const header = signOssedge(body, SECRET, T);
    for (const [name, rewritten] of Object.entries(rewritesOf(header))) {
      expect(checkOssedgeSignature(body, rewritten, SECRET, T).verdict, name).toBe('malformed');
    }
  });

  it('refuses headers longer than the grammar allows before parsing them', () => {
    expect(parseOssedgeSignature(`t=${T},v1=${'a'.repeat(64)}${' '.repeat(100_000)}`)).toBeUndefined();
    expect(parseOssedgeSignature(`t=${'1'.repeat(13)},v1=${'a'.repeat(64)}`)).toBeUndefined();
  });

  it('accepts a signature made with the previous secret during a rotation, and neither secret alone accepts the other', () => {
    const old = signOssedge(body, PREVIOUS, T);
    expect(checkOssedgeSignature(body, old, [SECRET, PREVIOUS], T).verdict).toBe('ok');
    expect(checkOssedgeSignature(body, old, SECRET, T).verdict).toBe('mismatch');
    expect(checkOssedgeSignature(body, signOssedge(body, SECRET, T), [SECRET, undefined], T).verdict).toBe('ok');
    expect(checkOssedgeSignature(body, signOssedge(body, 'other', T), [SECRET, PREVIOUS], T).verdict).toBe('mismatch');
  });

  it('checks the time window before the HMAC', () => {
    expect(checkOssedgeSignature(body, signOssedge(body, SECRET, T - 301), SECRET, T).verdict).toBe('stale');
    expect(checkOssedgeSignature(body, signOssedge(body, SECRET, T + 300), SECRET, T).verdict).toBe('ok');
  });
});

describe('GitHub signature', () => {
  it('accepts sha256=<lower-case hex> under either secret and refuses other spellings', () => {
    const sig = signGitHub(body, PREVIOUS);
    expect(verifyGitHubSignature(body, sig, [SECRET, PREVIOUS])).toBe(true);
    expect(verifyGitHubSignature(body, sig, SECRET)).toBe(false);
    expect(verifyGitHubSignature(body, sig.toUpperCase().replace('SHA256', 'sha256'), [SECRET, PREVIOUS])).toBe(false);
    expect(verifyGitHubSignature(body, ` ${sig}`, [SECRET, PREVIOUS])).toBe(false);
  });
});
