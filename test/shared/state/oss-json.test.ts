import { describe, expect, it } from 'vitest';
import { MAX_STATE_JSON_BYTES, readJson, readJsonObject } from '../../../shared/state/oss-json.ts';
import { TooLargeError } from '../../../shared/state/capped-read.ts';
import { ossClient, useEmulator } from '../../helpers/emulator.ts';

const emu = useEmulator({ dataPlane: false });

/** JSON text of exactly `bytes` bytes: a string padded to size. */
const jsonOf = (bytes: number) => `"${'j'.repeat(bytes - 2)}"`;

describe('readJsonObject', () => {
  it('reads an object of exactly the cap and refuses one byte more, naming the object', async () => {
    emu().seed.createBucket('state-json');
    emu().seed.putObject('state-json', 'at.json', jsonOf(1000));
    emu().seed.putObject('state-json', 'over.json', jsonOf(1001));
    const client = ossClient(emu());
    expect(await readJson<string>(client, 'state-json', 'at.json', 1000)).toHaveLength(998);
    const err = await readJsonObject(client, 'state-json', 'over.json', 1000).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TooLargeError);
    expect(err).toMatchObject({ code: 'TOO_LARGE', limit: 1000, source: 'oss://state-json/over.json' });
  });

  it('refuses a planted state object over the default cap instead of reading it into memory', async () => {
    emu().seed.putObject('state-json', 'planted.json', Buffer.alloc(MAX_STATE_JSON_BYTES + 1, 0x20));
    await expect(readJson(ossClient(emu()), 'state-json', 'planted.json')).rejects.toMatchObject({ code: 'TOO_LARGE', size: MAX_STATE_JSON_BYTES + 1 });
  });

  it('still tells an absent object from one that is not JSON', async () => {
    emu().seed.putObject('state-json', 'text.json', 'not json');
    const client = ossClient(emu());
    expect(await readJsonObject(client, 'state-json', 'absent.json')).toEqual({ found: false });
    expect(await readJsonObject(client, 'state-json', 'text.json')).toEqual({ found: true });
  });
});
