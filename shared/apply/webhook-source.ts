import type { ConfigSource } from '../config/source.ts';

/** Top-level keys of git hosts' push events (GitHub, GitLab, Codeup) that carry no config. */
const PUSH_KEYS = ['ref', 'before', 'after', 'repository', 'commits', 'head_commit', 'object_kind', 'hook_id', 'zen', 'pusher'];

/**
 * What a webhook body means: `{config: {...}}` or `{configText: "..."}` carries the config,
 * `{config: "oss://bucket/key"}` names it, a git host's push event (no config in it) means "the
 * config at OSSEDGE_CONFIG" (`default`), and any other body is the config itself (YAML or JSON text).
 */
export function webhookConfigSource(body: { text: string; contentType: string }): ConfigSource | { kind: 'default' } {
  const text = body.text;
  const type = body.contentType.toLowerCase();
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      // malformed JSON, or YAML in flow style: the parser says which (and where)
      return type.includes('json') ? { kind: 'text', text, filename: 'webhook.json' } : { kind: 'text', text };
    }
    const v = value as Record<string, unknown>;
    if (typeof v.configText === 'string') return { kind: 'text', text: v.configText, filename: typeof v.filename === 'string' ? v.filename : 'ossedge.yaml' };
    if (typeof v.config === 'string' && v.config.startsWith('oss://')) return { kind: 'location', location: v.config };
    if (v.config !== undefined && typeof v.config === 'object') return { kind: 'value', value: v.config };
    const isPush = !('version' in v) && !('buckets' in v) && PUSH_KEYS.some((k) => k in v);
    if (isPush) return { kind: 'default' };
    return { kind: 'text', text, filename: 'webhook.json' };
  }
  return { kind: 'text', text, filename: type.includes('json') ? 'webhook.json' : 'webhook.yaml' };
}
