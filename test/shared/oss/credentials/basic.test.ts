import { describe, expect, it } from 'vitest';
import {
  anonymous,
  CredentialsError,
  fromEnv,
  fromFcContext,
  fromFunction,
  fromStatic,
} from '../../../../shared/oss/credentials/index.ts';

const SECRET = 'very-secret-value';

describe('static, anonymous and function providers', () => {
  it('returns the same keys on every call when static', async () => {
    const p = fromStatic({ accessKeyId: 'ak', accessKeySecret: SECRET, securityToken: 'tok' });
    expect(await p.getCredentials()).toEqual({ accessKeyId: 'ak', accessKeySecret: SECRET, securityToken: 'tok' });
    expect(await p.getCredentials()).toEqual(await p.getCredentials());
  });

  it('throws INVALID_CREDENTIALS when static keys lack a secret', () => {
    expect(() => fromStatic({ accessKeyId: 'ak', accessKeySecret: '' })).toThrow(
      expect.objectContaining({ name: 'CredentialsError', code: 'INVALID_CREDENTIALS' }),
    );
  });

  it('returns undefined when anonymous', async () => {
    expect(await anonymous().getCredentials()).toBeUndefined();
  });

  it('asks the function on every call and checks what it returns', async () => {
    let calls = 0;
    const p = fromFunction(async () => ({ accessKeyId: `ak${++calls}`, accessKeySecret: SECRET }));
    expect((await p.getCredentials())?.accessKeyId).toBe('ak1');
    expect((await p.getCredentials())?.accessKeyId).toBe('ak2');
    expect(await fromFunction(() => undefined).getCredentials()).toBeUndefined();
    const bad = fromFunction(() => ({ accessKeyId: 'ak', accessKeySecret: SECRET, expiration: new Date('nope') }));
    await expect(bad.getCredentials()).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
  });
});

describe('fromEnv', () => {
  it('reads keys and the session token from the env object it is given', async () => {
    const env = { OSS_ACCESS_KEY_ID: 'ak', OSS_ACCESS_KEY_SECRET: SECRET, OSS_SESSION_TOKEN: 'tok' };
    expect(await fromEnv(env).getCredentials()).toEqual({ accessKeyId: 'ak', accessKeySecret: SECRET, securityToken: 'tok' });
    expect(await fromEnv({ OSS_ACCESS_KEY_ID: 'ak', OSS_ACCESS_KEY_SECRET: SECRET, OSS_SESSION_TOKEN: '' }).getCredentials()).toEqual({
      accessKeyId: 'ak',
      accessKeySecret: SECRET,
    });
  });

  it('throws MISSING_ENV naming each missing variable, and never the secret', () => {
    let caught: unknown;
    try {
      fromEnv({ OSS_ACCESS_KEY_ID: ' ', OSS_SESSION_TOKEN: SECRET });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(CredentialsError);
    expect(caught).toMatchObject({ code: 'MISSING_ENV', variables: ['OSS_ACCESS_KEY_ID', 'OSS_ACCESS_KEY_SECRET'] });
    expect((caught as Error).message).toContain('OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET');
    expect(() => fromEnv({ OSS_ACCESS_KEY_ID: 'ak', OSS_SESSION_TOKEN: SECRET })).toThrow(/OSS_ACCESS_KEY_SECRET is not set/);
    expect(() => fromEnv({ OSS_ACCESS_KEY_SECRET: SECRET })).toThrow(expect.objectContaining({ variables: ['OSS_ACCESS_KEY_ID'] }));
    expect(String((caught as Error).message)).not.toContain(SECRET);
  });
});

describe('fromFcContext', () => {
  it('returns the invocation STS keys from a context or from a getter of the current context', async () => {
    const context = { credentials: { accessKeyId: 'STS.ak', accessKeySecret: SECRET, securityToken: 'tok1' } };
    expect(await fromFcContext(context).getCredentials()).toEqual({ accessKeyId: 'STS.ak', accessKeySecret: SECRET, securityToken: 'tok1' });
    let current = context;
    const p = fromFcContext(() => current);
    current = { credentials: { ...context.credentials, securityToken: 'tok2' } };
    expect((await p.getCredentials())?.securityToken).toBe('tok2');
  });

  it('rejects with INVALID_CREDENTIALS when the context has no credentials', async () => {
    await expect(fromFcContext({}).getCredentials()).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    await expect(fromFcContext(() => undefined).getCredentials()).rejects.toThrow(/role attached/);
  });
});
