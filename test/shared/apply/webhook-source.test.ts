import { describe, expect, it } from 'vitest';
import { webhookConfigSource } from '../../../shared/apply/webhook-source.ts';

const request = (text: string, contentType = 'application/json') => ({ text, contentType });

describe('webhookConfigSource', () => {
  it('reads a GitHub or GitLab push event as "the config at OSSEDGE_CONFIG"', () => {
    expect(webhookConfigSource(request(JSON.stringify({ ref: 'refs/heads/main', commits: [] })))).toEqual({ kind: 'default' });
    expect(webhookConfigSource(request(JSON.stringify({ object_kind: 'push', ref: 'main' })))).toEqual({ kind: 'default' });
  });

  it('takes a carried config (object, text) or an oss:// reference, and never a local path', () => {
    expect(webhookConfigSource(request(JSON.stringify({ config: { version: 1 } })))).toEqual({ kind: 'value', value: { version: 1 } });
    expect(webhookConfigSource(request(JSON.stringify({ configText: 'version: 1' })))).toMatchObject({ kind: 'text', text: 'version: 1' });
    expect(webhookConfigSource(request(JSON.stringify({ config: 'oss://b/k.yaml' })))).toEqual({ kind: 'location', location: 'oss://b/k.yaml' });
    expect(webhookConfigSource(request(JSON.stringify({ config: '/etc/passwd' })))).toMatchObject({ kind: 'text' });
  });

  it('treats any other body as the config itself, JSON or YAML (flow style too)', () => {
    expect(webhookConfigSource(request('{"version":1,"buckets":{}}'))).toMatchObject({ kind: 'text', filename: 'webhook.json' });
    expect(webhookConfigSource(request('version: 1\nbuckets: {}\n', 'application/yaml'))).toMatchObject({ kind: 'text', filename: 'webhook.yaml' });
    expect(webhookConfigSource(request('{version: 1, buckets: {}}', 'text/plain'))).toEqual({ kind: 'text', text: '{version: 1, buckets: {}}' });
  });
});
