import { describe, expect, it } from 'vitest';
import { decodeFcEvent } from '../../../shared/fc/fc-event.ts';
import { nameList, requestFields } from '../../../shared/fc/payload.ts';
import { httpEvent } from './fixtures.ts';

const post = (body: string) => decodeFcEvent(httpEvent({ body, requestContext: { http: { method: 'POST', path: '/' } } }));

describe('requestFields', () => {
  it('reads a direct invocation\'s and a timer\'s JSON object payload, {} when there is none', () => {
    expect(requestFields({ kind: 'invoke', payload: { bucket: 'a' } })).toEqual({ bucket: 'a' });
    expect(requestFields({ kind: 'invoke', payload: undefined })).toEqual({});
    expect(requestFields({ kind: 'invoke', payload: null })).toEqual({});
    expect(requestFields(decodeFcEvent({ triggerTime: 't', triggerName: 'n', payload: '{"source":"timer"}' }))).toEqual({ source: 'timer' });
  });

  it('refuses a payload that is not a JSON object (a string timer payload, an array, a number)', () => {
    for (const payload of ['awesome-fc', [1], 3, true]) {
      expect(() => requestFields({ kind: 'invoke', payload }), JSON.stringify(payload)).toThrow(expect.objectContaining({ statusCode: 400, code: 'BAD_PAYLOAD' }));
    }
    expect(() => requestFields(decodeFcEvent({ triggerTime: 't', triggerName: 'n', payload: 'awesome-fc' }))).toThrow(expect.objectContaining({ code: 'BAD_PAYLOAD' }));
  });

  it('reads HTTP from the query, or from a JSON object body; refuses bad JSON without quoting it', () => {
    expect(requestFields(decodeFcEvent(httpEvent({ queryParameters: { bucket: 'a,b' } })))).toEqual({ bucket: 'a,b' });
    expect(requestFields(post('{"probe":true}'), 'json')).toEqual({ probe: true });
    expect(requestFields(post(''), 'json')).toEqual({});
    let thrown: unknown;
    try {
      requestFields(post('{"secret":"hunter2"'), 'json');
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toMatchObject({ statusCode: 400, code: 'BAD_JSON' });
    expect(String((thrown as Error).message)).not.toContain('hunter2');
    expect(() => requestFields(post('[1,2]'), 'json')).toThrow(expect.objectContaining({ code: 'BAD_JSON', message: 'body must be a JSON object' }));
  });
});

describe('nameList', () => {
  it('takes "a,b", ["a","b"], trims, drops empties and non-strings; anything else is not a list', () => {
    expect(nameList(' a, b ,,')).toEqual(['a', 'b']);
    expect(nameList(['a', 3, 'b'])).toEqual(['a', 'b']);
    expect(nameList('')).toEqual([]);
    expect(nameList(undefined)).toBeUndefined();
    expect(nameList({ a: 1 })).toBeUndefined();
  });
});
