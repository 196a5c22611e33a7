import { describe, expect, it } from 'vitest';
import { KeyListError, parseKeyList, readKeyListObject } from '../../../../shared/refresh/warm/key-list.ts';
import { ossClient, useEmulator } from '../../../helpers/emulator.ts';

const emu = useEmulator();
const bytes = (s: string) => Buffer.from(s, 'utf8');
const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as KeyListError).code;
  }
  return undefined;
};

describe('parseKeyList', () => {
  it('reads one key per line, CRLF too, skipping blank lines, de-duplicated in OSS listing order', () => {
    expect(parseKeyList(bytes('b.txt\r\na/\u{1F600}.png\n\na/z.png\nb.txt\n'))).toEqual(['a/z.png', 'a/\u{1F600}.png', 'b.txt']);
  });

  it('refuses the whole list for one bad line, naming it', () => {
    expect(() => parseKeyList(bytes('ok\nbad\u0001key\n'))).toThrow(/line 2: control character/);
    expect(codeOf(() => parseKeyList(bytes('/abs\n')))).toBe('BAD_KEY_LIST');
    expect(codeOf(() => parseKeyList(bytes(`${'k'.repeat(1024)}\n`)))).toBe('BAD_KEY_LIST');
    expect(codeOf(() => parseKeyList(Buffer.from([0x61, 0xff, 0x0a])))).toBe('BAD_KEY_LIST');
  });

  it('never echoes a line of the list in its refusal (a list may be any object its reader can name)', () => {
    const secret = 'DB_PASSWORD=hunter2';
    const hostile = [`${secret}\u0001\n`, `/${secret}\n`, `${secret}${'x'.repeat(1024)}\n`];
    for (const text of hostile) {
      let message = '';
      try {
        parseKeyList(bytes(text));
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toMatch(/^refused: line 1: /);
      expect(message).not.toContain('hunter2');
    }
    let invalid = '';
    try {
      parseKeyList(Buffer.concat([Buffer.from(secret), Buffer.from([0xff])]));
    } catch (e) {
      invalid = (e as Error).message;
    }
    expect(invalid).toBe('the key list is not valid UTF-8');
  });

  it('refuses an oversize list instead of truncating it', () => {
    expect(codeOf(() => parseKeyList(new Uint8Array(32 * 1024 * 1024 + 1)))).toBe('KEY_LIST_TOO_LARGE');
  });
});

describe('readKeyListObject', () => {
  it('reads a list object and refuses one over the bound', async () => {
    emu().seed.createBucket('lists');
    emu().seed.putObject('lists', 'small.txt', 'x/1\nx/2\n');
    emu().seed.putObject('lists', 'big.txt', 'x/1\n'.repeat(100));
    const client = ossClient(emu());
    expect(await readKeyListObject(client, 'lists', 'small.txt')).toEqual(['x/1', 'x/2']);
    await expect(readKeyListObject(client, 'lists', 'big.txt', 64)).rejects.toMatchObject({ code: 'KEY_LIST_TOO_LARGE' });
    await expect(readKeyListObject(client, 'lists', 'none.txt')).rejects.toMatchObject({ code: 'KEY_LIST_NOT_FOUND' });
  });
});
