import type { MiddlewareObj } from '@middy/core';
import { BadRequestError } from './errors.ts';
import { isFcHttpEvent, toHttpRequest, type HttpRequest } from './http-request.ts';
import { toFcHttpResponse } from './http-response.ts';
import type { FcContext, FcTimerEvent } from './types.ts';

export interface TimerInput {
  kind: 'timer';
  triggerName: string;
  triggerTime: string;
  /** The configured payload, JSON-parsed when it is JSON text, else the string itself. */
  payload: unknown;
  rawPayload?: string;
}

export interface InvokeInput {
  kind: 'invoke';
  /** The JSON the caller sent (SDK invoke, `s invoke -e`, the CLI, a fan-out). */
  payload: unknown;
}

/** What handlers behind `fcEvent()` receive as `event`. */
export type FcInput = HttpRequest | TimerInput | InvokeInput;

export function isTimerEvent(value: unknown): value is FcTimerEvent {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.triggerTime === 'string' && typeof v.triggerName === 'string' &&
    (v.payload === undefined || typeof v.payload === 'string');
}

/** Decodes any FC event (Buffer, string or already-parsed object) into an `FcInput`. */
export function decodeFcEvent(event: unknown): FcInput {
  let value: unknown = event;
  if (Buffer.isBuffer(event) || event instanceof Uint8Array) value = Buffer.from(event).toString('utf8');
  if (typeof value === 'string') {
    if (value.trim() === '') return { kind: 'invoke', payload: undefined };
    try {
      value = JSON.parse(value);
    } catch {
      // no cause: V8's message quotes the event text around the error (a secret, for all we know)
      throw new BadRequestError('event is not valid JSON', { code: 'INVALID_EVENT' });
    }
  }
  if (isFcHttpEvent(value)) return toHttpRequest(value);
  if (isTimerEvent(value)) return toTimerInput(value);
  return { kind: 'invoke', payload: value };
}

function toTimerInput(event: FcTimerEvent): TimerInput {
  const input: TimerInput = { kind: 'timer', triggerName: event.triggerName, triggerTime: event.triggerTime, payload: event.payload };
  if (event.payload !== undefined) {
    input.rawPayload = event.payload;
    const t = event.payload.trim();
    if (t.startsWith('{') || t.startsWith('[')) {
      try {
        input.payload = JSON.parse(t);
      } catch {
        // a payload that merely looks like JSON stays the configured string
      }
    }
  }
  return input;
}

/**
 * First middleware of every chain: the FC event Buffer → `FcInput`; for HTTP requests the handler's
 * result → the FC3 response shape `{statusCode, headers, body, isBase64Encoded}`.
 */
export function fcEvent(): MiddlewareObj<any, any, Error, FcContext> {
  return {
    name: 'fcEvent',
    before: (request) => {
      request.event = decodeFcEvent(request.event);
    },
    after: (request) => {
      if ((request.event as FcInput | undefined)?.kind === 'http') request.response = toFcHttpResponse(request.response);
    },
  };
}
