import { describe, expect, it } from 'vitest';
import type { WebsiteConfiguration } from '../../../../shared/oss/models/website.ts';
import { errorDocument, subDirStep, websiteKeyFor } from '../../../../local/oss-emulator/dataplane/website.ts';

// From the IndexDocument field docs (Go SDK / API reference) and spec §3.1:
// - SupportSubDir=false: `subdir/` is redirected to the root index.html; true: to subdir/index.html.
// - Type (SupportSubDir=true, key not ending in "/", object missing): 0 (default) → 302 Location `/abc/` if
//   abc/index.html exists, else 404 then ErrorDocument; 1 → 404 NoSuchKey then ErrorDocument; 2 → content of
//   abc/index.html if it exists, else 404 then ErrorDocument.
// - ErrorDocument: Key served with HttpStatus.

const site = (supportSubDir: boolean, type?: number): WebsiteConfiguration => ({
  indexDocument: { suffix: 'index.html', supportSubDir, ...(type === undefined ? {} : { type }) },
  errorDocument: { key: 'error.html', httpStatus: 404 },
});

describe('websiteKeyFor', () => {
  const table: Array<[string, WebsiteConfiguration, string, string]> = [
    ['root', site(false), '', 'index.html'],
    ['sub-directory without SupportSubDir → root index', site(false), 'subdir/', 'index.html'],
    ['sub-directory with SupportSubDir → its index', site(true), 'subdir/', 'subdir/index.html'],
    ['ordinary key unchanged', site(true), 'abc', 'abc'],
  ];
  for (const [name, config, key, expected] of table) {
    it(`reads ${expected} for ${name}`, () => expect(websiteKeyFor(config, key)).toBe(expected));
  }
});

describe('subDirStep (Type)', () => {
  const has = (keys: string[]) => (k: string) => keys.includes(k);
  const table: Array<[string, WebsiteConfiguration, string[], unknown]> = [
    ['Type 0 and abc/index.html exists', site(true, 0), ['abc/index.html'], { kind: 'redirect', status: 302, location: '/abc/' }],
    ['Type absent (0) and abc/index.html exists', site(true), ['abc/index.html'], { kind: 'redirect', status: 302, location: '/abc/' }],
    ['Type 0 and abc/index.html missing', site(true, 0), [], { kind: 'not-found' }],
    ['Type 1 although abc/index.html exists', site(true, 1), ['abc/index.html'], { kind: 'not-found' }],
    ['Type 2 and abc/index.html exists', site(true, 2), ['abc/index.html'], { kind: 'serve', key: 'abc/index.html' }],
    ['Type 2 and abc/index.html missing', site(true, 2), [], { kind: 'not-found' }],
    ['SupportSubDir=false ignores Type', site(false, 2), ['abc/index.html'], { kind: 'not-found' }],
  ];
  for (const [name, config, keys, expected] of table) {
    it(`answers ${JSON.stringify(expected)} when ${name}`, () => expect(subDirStep(config, 'abc', has(keys))).toEqual(expected));
  }
});

describe('errorDocument', () => {
  it('returns the key and its HttpStatus', () => {
    expect(errorDocument({ errorDocument: { key: 'error.html', httpStatus: 404 } })).toEqual({ key: 'error.html', status: 404 });
    expect(errorDocument({ errorDocument: { key: 'gone.html', httpStatus: 410 } })).toEqual({ key: 'gone.html', status: 410 });
    expect(errorDocument({ indexDocument: { suffix: 'index.html' } })).toBeUndefined();
  });
});
