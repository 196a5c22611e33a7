import { describe, expect, it } from 'vitest';
import { FcHeaders } from '../../../shared/fc/http-request.ts';
import { identifyWebhook } from '../../../shared/fc/webhook-identify.ts';
import { signOssedge } from '../../../shared/hash/webhook-signature.ts';

const SECRET = 'identify-secret';
const body = Buffer.from('{"ref":"refs/heads/main"}');
const T = 1_800_000_000;
const opts = { nowMs: T * 1000 + 250, toleranceSeconds: 300, deliveryTtlMs: 86_400_000 };
const headers = (h: Record<string, string>) => new FcHeaders(h);

describe('identifyWebhook', () => {
  it('keys our signature by its parsed t and v1, remembered until the timestamp check alone refuses it', () => {
    const header = signOssedge(body, SECRET, T - 100);
    const v1 = header.slice(header.indexOf('v1=') + 3);
    expect(identifyWebhook(headers({ 'X-Ossedge-Signature': header }), body, [SECRET], opts)).toEqual({
      ok: true, source: 'ossedge', deliveryKey: `ossedge/${T - 100}-${v1}`, ttlMs: (T - 100 + 301) * 1000 - opts.nowMs,
    });
  });

  it('names the scheme and the reason of a refusal, and refuses everything without a secret', () => {
    expect(identifyWebhook(headers({ 'X-Gitlab-Token': 'x' }), body, [SECRET], opts)).toEqual({ ok: false, reason: 'token mismatch', source: 'gitlab' });
    expect(identifyWebhook(headers({ 'X-Gitlab-Token': '' }), body, [], opts)).toEqual({ ok: false, reason: 'secret not configured' });
    expect(identifyWebhook(headers({}), body, [SECRET], opts)).toEqual({ ok: false, reason: 'no webhook signature' });
  });

  it('records GitLab deliveries only when an id is sent, and Codeup never', () => {
    expect(identifyWebhook(headers({ 'X-Gitlab-Token': SECRET }), body, [SECRET], opts)).toEqual({ ok: true, source: 'gitlab' });
    expect(identifyWebhook(headers({ 'X-Gitlab-Token': SECRET, 'X-Gitlab-Event-UUID': 'E-1' }), body, [SECRET], opts))
      .toEqual({ ok: true, source: 'gitlab', deliveryId: 'E-1', deliveryKey: 'gitlab/E-1', ttlMs: opts.deliveryTtlMs });
    expect(identifyWebhook(headers({ 'X-Codeup-Token': SECRET }), body, [SECRET], opts)).toEqual({ ok: true, source: 'codeup' });
  });
});
