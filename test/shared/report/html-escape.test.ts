import { describe, expect, it } from 'vitest';
import { escapeHtml, html } from '../../../shared/report/html-escape.ts';

describe('escapeHtml and html``', () => {
  it('does escape every HTML-significant character and nest templates without double escaping', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
    expect(escapeHtml(undefined)).toBe('');
    expect(html`<p title="${'"x"'}">${html`<b>${'<i>'}</b>`}</p>`.__html).toBe('<p title="&quot;x&quot;"><b>&lt;i&gt;</b></p>');
  });
});
