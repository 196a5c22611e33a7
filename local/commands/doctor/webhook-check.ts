// The webhook trigger of `ossedge doctor`: apply-config's HTTP trigger refuses an unsigned request (401)
// and accepts one signed with OSSEDGE_WEBHOOK_SECRET (2xx). The request is a ping (GitHub's hook-created
// event, signed with our scheme): apply-config answers `{pong: true}` before any work or write.
import { randomBytes } from 'node:crypto';
import { signOssedge } from '../../../shared/hash/webhook-signature.ts';
import { fail, pass, skip, type CheckResult } from './check.ts';
import type { DoctorSettings } from './settings.ts';

/** A ping; the nonce makes each probe's signature new (the same body signed in the same second is a replay). */
const probeBody = () => JSON.stringify({ zen: `ossedge doctor ${randomBytes(8).toString('hex')}`, hook_id: 0 });
const MAX_ANSWER_BYTES = 64 * 1024;

/** POSTs `body`; the status and at most MAX_ANSWER_BYTES of the answer (the rest is dropped unread). */
async function post(url: URL, body: string, headers: Record<string, string>, timeoutMs: number): Promise<{ status: number; text: string }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'user-agent': 'ossedge-doctor', ...headers }, body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
  const reader = res.body?.getReader();
  const chunks: Uint8Array[] = [];
  let seen = 0;
  while (reader && seen <= MAX_ANSWER_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    seen += value.byteLength;
    chunks.push(value);
  }
  await reader?.cancel().catch(() => undefined);
  return { status: res.status, text: seen <= MAX_ANSWER_BYTES ? Buffer.concat(chunks).toString('utf8') : '' };
}

function isPong(text: string): boolean {
  try {
    return (JSON.parse(text) as { pong?: unknown } | null)?.pong === true;
  } catch {
    return false;
  }
}

function probeUrl(raw: string): URL | undefined {
  try {
    const u = new URL(raw);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
    return u;
  } catch {
    return undefined;
  }
}

export async function checkWebhook(s: DoctorSettings): Promise<CheckResult[]> {
  if (!s.webhookUrl) return [skip('webhook', 'no --webhook-url (OSSEDGE_WEBHOOK_URL); s info shows apply-config\'s HTTP trigger URL')];
  const url = probeUrl(s.webhookUrl);
  if (!url) return [fail('webhook', 'the webhook URL is not an http(s) URL', 'pass apply-config\'s HTTP trigger URL from s info')];
  const results: CheckResult[] = [];
  const unsignedName = 'webhook unsigned';
  try {
    const { status } = await post(url, probeBody(), {}, s.timeoutMs);
    results.push(status === 401
      ? pass(unsignedName, 'an unsigned request is refused (401)')
      : fail(unsignedName, `an unsigned request got ${status}, not 401`, status < 300
        ? 'the trigger accepts anyone: deploy apply-config with OSSEDGE_WEBHOOK_SECRET set'
        : 'is this apply-config\'s HTTP trigger URL (s info)?'));
  } catch (e) {
    results.push(fail(unsignedName, `no answer from ${url.origin}: ${String((e as Error)?.message ?? e).slice(0, 200)}`, 'check the URL (s info) and the network path to it'));
    return results;
  }
  const signedName = 'webhook signed';
  if (!s.webhookSecret) {
    results.push(skip(signedName, 'no OSSEDGE_WEBHOOK_SECRET to sign with'));
    return results;
  }
  try {
    const body = probeBody();
    const { status, text } = await post(url, body, { 'x-ossedge-signature': signOssedge(body, s.webhookSecret, Math.floor(Date.now() / 1000)) }, s.timeoutMs);
    results.push(status >= 200 && status < 300
      ? pass(signedName, `a request signed with OSSEDGE_WEBHOOK_SECRET is accepted (${status}${isPong(text) ? ', pong' : ''})`)
      : fail(signedName, `a signed request got ${status}`, status === 401
        ? 'the function has another secret: set OSSEDGE_WEBHOOK_SECRET here to the deployed one (or redeploy with this one); a clock more than 300 s off is refused too'
        : 'see apply-config\'s logs in the FC console'));
  } catch (e) {
    results.push(fail(signedName, `no answer from ${url.origin}: ${String((e as Error)?.message ?? e).slice(0, 200)}`, 'check the URL (s info) and the network path to it'));
  }
  return results;
}
