// README.md and docs/*.md are read on GitHub, on npm and from an installed package: every relative link must
// reach a file of this repository, and no text may send the reader to a document that is not in it (the
// design notes and research specs live outside the repository).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../e2e/build-helper.ts';

const DOCS = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const inRepo = (path: string) => {
  const rel = relative(ROOT, path);
  return rel !== '' && !rel.startsWith('..') && existsSync(path);
};

/** Relative link targets of a Markdown text: `[text](target)` and `![alt](target)`, without their #anchor. */
function relativeLinks(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\]\(([^()\s]+)\)/g)) {
    const target = m[1]!;
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#')) continue;
    out.push(target.replace(/#.*$/, ''));
  }
  return out;
}

describe('links in README.md and docs/*.md', () => {
  it('finds the links it checks (the parser is not blind)', () => {
    expect(relativeLinks('see [a](x/y.md#z), [b](https://e.com/), [c](#here) and ![d](img.png)')).toEqual(['x/y.md', 'img.png']);
    expect(DOCS).toEqual(expect.arrayContaining(['README.md', 'docs/deploy.md']));
    expect(relativeLinks(readFileSync(join(ROOT, 'README.md'), 'utf8')).length).toBeGreaterThan(3);
  });

  it.each(DOCS)('%s: every relative link resolves to a file in the repository', (doc) => {
    const text = readFileSync(join(ROOT, doc), 'utf8');
    const broken = relativeLinks(text).filter((target) => !inRepo(resolve(ROOT, dirname(doc), target)));
    expect(broken).toEqual([]);
  });

  it.each(DOCS)('%s: every relative link reaches a file the package ships (it is read from node_modules/ossedge too)', (doc) => {
    // package.json "files": folders ("dist/") and files; negations only drop source maps
    const files = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[] }).files.filter((f) => !f.startsWith('!'));
    const shipped = (path: string) => files.some((f) => (f.endsWith('/') ? path.startsWith(f) : path === f));
    expect(shipped('docs/deploy.md') && shipped('README.md') && !shipped('shared/report/model.ts')).toBe(true);
    const text = readFileSync(join(ROOT, doc), 'utf8');
    const outside = relativeLinks(text).map((target) => relative(ROOT, resolve(ROOT, dirname(doc), target)).split('\\').join('/')).filter((p) => !shipped(p));
    expect(outside).toEqual([]);
  });

  it.each(DOCS)('%s: every Markdown file it names is in the repository', (doc) => {
    const text = readFileSync(join(ROOT, doc), 'utf8');
    // DESIGN.md, spec/oss-api.md and the like, linked or not: resolved from the document's folder or the root
    const named = [...text.matchAll(/(?<![\w./-])((?:\.\.?\/)?(?:[\w-]+\/)*[\w.-]+\.md)\b/g)].map((m) => m[1]!);
    const missing = named.filter((p) => !inRepo(resolve(ROOT, dirname(doc), p)) && !inRepo(resolve(ROOT, p)));
    expect(missing).toEqual([]);
  });
});
