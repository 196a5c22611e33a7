import { createHmac } from 'node:crypto';
import type { Dispatcher } from 'undici';
import { signOssedge } from '../hash/webhook-signature.ts';
import { sharedAgent } from '../oss/transport.ts';
import type { Report, ReportItem } from './model.ts';
import { OssedgeError, rawCode } from '../errors/base.ts';

export type NotifyKind = 'dingtalk' | 'slack' | 'json';

export const DEFAULT_NOTIFY_TIMEOUT_MS = 5_000;
/** Findings listed in one message; the rest are counted. */
const MAX_LISTED = 20;

export interface NotifyTarget {
  /** OSSEDGE_NOTIFY_URL. Its query (a DingTalk access_token, a Slack hook path) is a secret too: never logged. */
  url: string;
  /** Default: from the host (oapi.dingtalk.com → dingtalk, hooks.slack.com → slack), else json. */
  kind?: NotifyKind;
  /** DingTalk robot "sign" secret, or the HMAC key of X-Ossedge-Signature for json. */
  secret?: string;
  timeoutMs?: number;
  dispatcher?: Dispatcher;
  /** ms since epoch (default Date.now). */
  now?: () => number;
}

export class NotifyError extends OssedgeError<'NOTIFY_FAILED'> {
  override readonly name = 'NotifyError';
  readonly status?: number;
  constructor(message: string, options: { status?: number; cause?: unknown } = {}) {
    super('NOTIFY_FAILED', message, options);
    if (options.status !== undefined) this.status = options.status;
  }
}

export interface OutgoingNotification {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export function notifyKindOf(url: string): NotifyKind {
  const host = new URL(url).hostname.toLowerCase();
  if (host === 'oapi.dingtalk.com') return 'dingtalk';
  if (host === 'hooks.slack.com') return 'slack';
  return 'json';
}

/** DingTalk robot signing: `sign` = base64(HMAC-SHA256(secret, timestamp + "\n" + secret)), timestamp in ms. */
export function dingTalkSign(timestampMs: number, secret: string): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
}

/** What a notification announces: audit findings, or problems of any function (failed apply, failing origin...). */
export type NotifyTopic = 'findings' | 'problems';

export interface NotifyExtra {
  reportUrl?: string;
  /** Default 'findings' (event `ossedge.new-findings`); 'problems' sends `ossedge.new-problems`. */
  topic?: NotifyTopic;
}

function lines(report: Report, items: readonly ReportItem[], topic: NotifyTopic): string[] {
  const shown = items.slice(0, MAX_LISTED).map((i) => `[${(i.severity ?? i.status ?? '').toUpperCase()}] ${i.bucket}: ${i.code}${i.target ? ` (${i.target})` : ''}: ${i.message}`);
  if (items.length > MAX_LISTED) shown.push(`... and ${items.length - MAX_LISTED} more`);
  const noun = topic === 'problems' ? 'problem' : 'finding';
  return [`ossedge ${report.function}: ${items.length} new ${noun}${items.length === 1 ? '' : 's'} (run ${report.runId})`, ...shown];
}

/** The request a notification makes (pure: tests and callers can inspect it). */
export function buildNotification(target: NotifyTarget, report: Report, items: readonly ReportItem[], extra: NotifyExtra = {}): OutgoingNotification {
  const kind = target.kind ?? notifyKindOf(target.url);
  const now = (target.now ?? Date.now)();
  const topic = extra.topic ?? 'findings';
  const text = lines(report, items, topic);
  if (extra.reportUrl) text.push(`report: ${extra.reportUrl}`);
  const json = { 'content-type': 'application/json; charset=utf-8' };
  if (kind === 'dingtalk') {
    const url = new URL(target.url);
    if (target.secret) {
      url.searchParams.set('timestamp', String(now));
      url.searchParams.set('sign', dingTalkSign(now, target.secret));
    }
    const body = JSON.stringify({ msgtype: 'markdown', markdown: { title: text[0], text: text.map((l, i) => (i === 0 ? `### ${l}` : `- ${l}`)).join('\n') } });
    return { url: url.toString(), headers: json, body };
  }
  if (kind === 'slack') return { url: target.url, headers: json, body: JSON.stringify({ text: text.join('\n') }) };
  const body = JSON.stringify({
    event: `ossedge.new-${topic}`, function: report.function, runId: report.runId, finishedAt: report.finishedAt,
    ...(extra.reportUrl ? { report: extra.reportUrl } : {}), count: items.length, [topic]: items,
  });
  return { url: target.url, headers: { ...json, ...(target.secret ? { 'x-ossedge-signature': signOssedge(body, target.secret, Math.floor(now / 1000)) } : {}) }, body };
}

/** Sends the notification; a non-2xx answer or a network error is a NotifyError (no URL or secret in it). */
export async function sendNotification(target: NotifyTarget, report: Report, items: readonly ReportItem[], extra: NotifyExtra = {}): Promise<{ status: number }> {
  const out = buildNotification(target, report, items, extra);
  const { default: request } = await import('undici/lib/api/api-request.js');
  const dispatcher = target.dispatcher ?? (await sharedAgent());
  const url = new URL(out.url);
  const timeoutMs = target.timeoutMs ?? DEFAULT_NOTIFY_TIMEOUT_MS;
  let status: number;
  try {
    const res = await request.call(dispatcher, {
      origin: url.origin, path: `${url.pathname}${url.search}`, method: 'POST', headers: out.headers, body: out.body,
      headersTimeout: timeoutMs, bodyTimeout: timeoutMs, signal: AbortSignal.timeout(timeoutMs),
    });
    status = res.statusCode;
    await res.body.dump();
  } catch (e) {
    throw new NotifyError(`notification to ${url.host} failed: ${rawCode(e) ?? (e as Error).name}`, { cause: e });
  }
  if (status < 200 || status >= 300) throw new NotifyError(`notification to ${url.host} answered ${status}`, { status });
  return { status };
}

/**
 * `{notify}` from the values of OSSEDGE_NOTIFY_URL / _KIND / _SECRET, or `{}` without a URL. Each function's
 * index.ts reads the three variables itself (its settings are read there once, and the s.yaml test finds them).
 */
export function notifyFrom(values: { url?: string | undefined; kind?: string | undefined; secret?: string | undefined }): { notify?: NotifyTarget } {
  if (!values.url) return {};
  const { kind } = values;
  return {
    notify: {
      url: values.url,
      ...(kind === 'dingtalk' || kind === 'slack' || kind === 'json' ? { kind } : {}),
      ...(values.secret ? { secret: values.secret } : {}),
    },
  };
}
