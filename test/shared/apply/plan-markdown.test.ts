import { describe, expect, it } from 'vitest';
import { MAX_MARKDOWN_CHARS, PLAN_COMMENT_MARKER, planMarkdown } from '../../../shared/apply/plan-markdown.ts';
import type { ApplyReport } from '../../../shared/apply/index.ts';

const report = (text: string[]): ApplyReport => ({
  function: 'apply-config', runId: 'r', startedAt: '', finishedAt: '', ok: true, mode: 'plan', changesPending: true, errors: [],
  summary: { buckets: 1, buckets_pending: 1, buckets_unchanged: 0 },
  items: [{ bucket: 'b', target: 'cors', code: 'CHANGE_PENDING', status: 'warn', message: 'would update', data: { text } }],
});

describe('planMarkdown', () => {
  it('keeps config text inside a fence it cannot close (backticks, HTML, mentions stay literal)', () => {
    const md = planMarkdown(report(['allowedOrigin: "```\n<img src=x> @everyone"']));
    const fence = md.split('\n').find((l) => /^`{4,}$/.test(l));
    expect(fence).toBe('````');
    expect(md.startsWith(PLAN_COMMENT_MARKER)).toBe(true);
  });

  it('lists the issues of an invalid config with line numbers, and marks a fork plan', () => {
    const md = planMarkdown(undefined, { issues: [{ path: 'buckets.b.cors', message: 'bad', line: 4, column: 7 }], fork: true, sha: 'a'.repeat(40) });
    expect(md).toContain('line 4:7: buckets.b.cors: bad');
    expect(md).toContain('at aaaaaaa');
    expect(md).toContain('pre-flight skipped');
  });

  it('lists config warnings once, above the buckets, inside a fence; a heading that is not a bucket name is code', () => {
    const r = report(['x']);
    r.items.push(
      { bucket: 'b', target: 'buckets.b.referer.refererList[1]', code: 'CONFIG_DUPLICATE', status: 'warn', message: '"<img src=x> @everyone ```" is listed twice', data: { configWarning: true, line: 3, column: 9 } },
      { bucket: '', code: 'CONFIG_WARNINGS_NOT_SHOWN', status: 'warn', message: '2 more config warning(s) not listed' },
      { bucket: 'x<b>`@y', code: 'NOTE', status: 'warn', message: 'hostile bucket' },
    );
    const md = planMarkdown(r);
    expect(md).toContain('**2 config warning(s)**');
    expect(md).toContain('! line 3:9: buckets.b.referer.refererList[1]: "<img src=x> @everyone ```" is listed twice (CONFIG_DUPLICATE)');
    expect(md.split('listed twice')).toHaveLength(2);
    expect(md).toContain('#### b\n');
    expect(md).toContain('#### `` x<b>`@y ``');
    const outside = md.replace(PLAN_COMMENT_MARKER, '').replace(/^(`{3,})\n[\s\S]*?\n\1$/gm, '').replace(/``[^\n]*``/g, '');
    expect(outside).not.toMatch(/[<>@]/);
  });

  it('stays under the comment limit', () => {
    const md = planMarkdown(report(Array.from({ length: 5000 }, (_, i) => `change ${i} ${'x'.repeat(40)}`)));
    expect(md.length).toBeLessThanOrEqual(MAX_MARKDOWN_CHARS + 100);
    expect(md).toContain('cut');
  });
});
