import { describe, expect, it } from 'vitest';
import { webhookConfigSource } from '../../../functions/apply-config/webhook.ts';
import { toHttpRequest } from '../../../shared/fc/http-request.ts';
import { mapLimit } from '../../../shared/concurrency/map-limit.ts';

const request = (body: string, contentType = 'application/json') => toHttpRequest({
  version: 'v1', rawPath: '/', body, isBase64Encoded: false, headers: { 'Content-Type': contentType },
  requestContext: { http: { method: 'POST', path: '/' } },
});

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

describe('mapLimit', () => {
  it('keeps input order and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapLimit([5, 1, 4, 2, 3, 0], 2, async (ms, i) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, ms));
      running--;
      return i;
    });
    expect(out).toEqual([0, 1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
  });
});
