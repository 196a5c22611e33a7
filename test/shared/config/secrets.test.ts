import { describe, expect, it } from 'vitest';
import { ConfigError, envRefName, loadConfigOrThrow, redactSecrets, resolveWebsiteSecrets, secretEnvNames } from '../../../shared/config/index.ts';
import type { WebsiteConfiguration } from '../../../shared/oss/models/website.ts';
import { fullMirrorRule, mirror } from './models.ts';

const FILE = `version: 1
buckets:
  assets:
    website:
      routingRules:
        - condition: {keyPrefixEquals: a/, httpErrorCodeReturnedEquals: 404}
          redirect: {redirectType: Mirror, mirrorURL: "https://a.example.com/", mirrorAuth: {accessKeyId: AK1, accessKeySecret: "\${env:SECRET_A}"}}
        - condition: {keyPrefixEquals: b/, httpErrorCodeReturnedEquals: 404}
          redirect: {redirectType: Mirror, mirrorURL: "https://b.example.com/", mirrorAuth: {accessKeyId: AK2, accessKeySecret: "\${env:SECRET_B}"}}
`;

describe('secrets', () => {
  it('lists the environment variables a config needs', async () => {
    expect(secretEnvNames((await loadConfigOrThrow(FILE)).config)).toEqual(['SECRET_A', 'SECRET_B']);
  });

  it('resolves references from the injected env without touching its input', async () => {
    const website = (await loadConfigOrThrow(FILE)).config.buckets[0]!.website!.config;
    const resolved = resolveWebsiteSecrets(website, { SECRET_A: 'value-a', SECRET_B: 'value-b' });
    expect(resolved.routingRules!.map((r) => r.redirect.mirrorAuth!.accessKeySecret)).toEqual(['value-a', 'value-b']);
    expect(website.routingRules![0]!.redirect.mirrorAuth!.accessKeySecret).toBe('${env:SECRET_A}');
  });

  it('names every missing variable and no value', async () => {
    const website = (await loadConfigOrThrow(FILE)).config.buckets[0]!.website!.config;
    let err: unknown;
    try {
      resolveWebsiteSecrets(website, { SECRET_A: 'value-a', SECRET_B: '' }, ['buckets', 'assets', 'website']);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const e = err as ConfigError;
    expect(e.code).toBe('CONFIG_SECRET_UNRESOLVED');
    expect(e.issues.map((i) => [i.path, i.message])).toEqual([
      ['buckets.assets.website.routingRules[1].redirect.mirrorAuth.accessKeySecret', 'environment variable SECRET_B is not set'],
    ]);
    expect(`${e.message}${JSON.stringify(e.issues)}`).not.toContain('value-a');
  });

  it('leaves values that are not references (foreign rules in merge mode) as they are', () => {
    const foreign = fullMirrorRule();
    const website: WebsiteConfiguration = { routingRules: [mirror('x/', 'https://x.example.com/', 1), foreign] };
    expect(resolveWebsiteSecrets(website, {}).routingRules![1]!.redirect.mirrorAuth!.accessKeySecret).toBe('******');
  });

  it('redacts secret fields at any depth', () => {
    const redacted = redactSecrets({ rules: [fullMirrorRule()], n: 1 });
    expect(redacted.rules[0]!.redirect.mirrorAuth!.accessKeySecret).toBe('[redacted]');
    expect(redacted.rules[0]!.redirect.mirrorAuth!.accessKeyId).toBe('AKIDEXAMPLE');
  });

  it('recognises only whole ${env:NAME} references', () => {
    expect(envRefName('${env:A_1}')).toBe('A_1');
    expect(envRefName('x${env:A}')).toBeUndefined();
    expect(envRefName('${env:1A}')).toBeUndefined();
    expect(envRefName('${ENV:A}')).toBeUndefined();
  });
});
