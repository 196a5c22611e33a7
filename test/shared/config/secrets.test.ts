import { describe, expect, it } from 'vitest';
import { ConfigError, envRefName, loadConfig, loadConfigOrThrow, redactSecrets, resolveWebsiteSecrets, secretEnvNames, secretEnvOf, unresolvedSecretIssues } from '../../../shared/config/index.ts';
import type { WebsiteConfiguration } from '../../../shared/oss/models/website.ts';
import { fullMirrorRule, mirror } from './models.ts';

const FILE = `version: 1
buckets:
  assets:
    website:
      routingRules:
        - condition: {keyPrefixEquals: a/, httpErrorCodeReturnedEquals: 404}
          redirect: {redirectType: Mirror, mirrorURL: "https://a.example.com/", mirrorAuth: {accessKeyId: AK1, accessKeySecret: "\${env:OSSEDGE_SECRET_A}"}}
        - condition: {keyPrefixEquals: b/, httpErrorCodeReturnedEquals: 404}
          redirect: {redirectType: Mirror, mirrorURL: "https://b.example.com/", mirrorAuth: {accessKeyId: AK2, accessKeySecret: "\${env:OSSEDGE_SECRET_B}"}}
`;

describe('secrets', () => {
  it('names each reference without a value with its path: a warning for a plan, an error for an apply; set or empty decides', async () => {
    const { config } = await loadConfigOrThrow(FILE);
    const warnings = unresolvedSecretIssues(config, { OSSEDGE_SECRET_A: 'value-a-1234', OSSEDGE_SECRET_B: '' }, 'warning');
    expect(warnings).toEqual([expect.objectContaining({
      path: 'buckets.assets.website.routingRules[1].redirect.mirrorAuth.accessKeySecret', severity: 'warning', code: 'CONFIG_SECRET_UNRESOLVED',
      message: expect.stringContaining('OSSEDGE_SECRET_B is not set here'),
    })]);
    expect(JSON.stringify(warnings)).not.toContain('value-a-1234');
    expect(unresolvedSecretIssues(config, {}, 'error').map((i) => [i.severity, i.message])).toEqual([
      ['error', 'environment variable OSSEDGE_SECRET_A is not set'], ['error', 'environment variable OSSEDGE_SECRET_B is not set'],
    ]);
    expect(unresolvedSecretIssues(config, { OSSEDGE_SECRET_A: 'a-value', OSSEDGE_SECRET_B: 'b-value' }, 'warning')).toEqual([]);
  });

  it('lists the environment variables a config needs', async () => {
    expect(secretEnvNames((await loadConfigOrThrow(FILE)).config)).toEqual(['OSSEDGE_SECRET_A', 'OSSEDGE_SECRET_B']);
  });

  it('resolves references from the injected env without touching its input', async () => {
    const website = (await loadConfigOrThrow(FILE)).config.buckets[0]!.website!.config;
    const resolved = resolveWebsiteSecrets(website, { OSSEDGE_SECRET_A: 'value-a', OSSEDGE_SECRET_B: 'value-b' });
    expect(resolved.routingRules!.map((r) => r.redirect.mirrorAuth!.accessKeySecret)).toEqual(['value-a', 'value-b']);
    expect(website.routingRules![0]!.redirect.mirrorAuth!.accessKeySecret).toBe('${env:OSSEDGE_SECRET_A}');
  });

  it('names every missing variable and no value', async () => {
    const website = (await loadConfigOrThrow(FILE)).config.buckets[0]!.website!.config;
    let err: unknown;
    try {
      resolveWebsiteSecrets(website, { OSSEDGE_SECRET_A: 'value-a', OSSEDGE_SECRET_B: '' }, ['buckets', 'assets', 'website']);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const e = err as ConfigError;
    expect(e.code).toBe('CONFIG_SECRET_UNRESOLVED');
    expect(e.issues.map((i) => [i.path, i.message])).toEqual([
      ['buckets.assets.website.routingRules[1].redirect.mirrorAuth.accessKeySecret', 'environment variable OSSEDGE_SECRET_B is not set'],
    ]);
    expect(`${e.message}${JSON.stringify(e.issues)}`).not.toContain('value-a');
  });

  it('refuses a reference to any variable outside OSSEDGE_SECRET_ (the function\'s own keys and secrets), naming the path', async () => {
    const path = 'buckets.assets.website.routingRules[1].redirect.mirrorAuth.accessKeySecret';
    for (const name of ['OSS_ACCESS_KEY_SECRET', 'OSS_SESSION_TOKEN', 'OSSEDGE_WEBHOOK_SECRET', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET', 'OSSEDGE_SECRET_', 'OSSEDGE_SECRETS_X', 'ossedge_secret_x', 'X_OSSEDGE_SECRET_A']) {
      const result = await loadConfig(FILE.replace('OSSEDGE_SECRET_B', name));
      expect(result.ok, name).toBe(false);
      if (result.ok) continue;
      expect(result.issues.filter((i) => i.severity === 'error').map((i) => [i.path, i.code]), name).toEqual([[path, 'CONFIG_SECRET_NAME']]);
      expect(result.issues[0]!.message).toContain('must be ${env:OSSEDGE_SECRET_<NAME>}');
    }
  });

  it('never resolves a variable outside OSSEDGE_SECRET_, even when it is set (a path around validation)', async () => {
    const website = (await loadConfigOrThrow(FILE)).config.buckets[0]!.website!.config;
    const rules = website.routingRules!.map((r, i) => (i === 1 ? { ...r, redirect: { ...r.redirect, mirrorAuth: { ...r.redirect.mirrorAuth!, accessKeySecret: '${env:OSS_ACCESS_KEY_SECRET}' } } } : r));
    let err: unknown;
    try {
      resolveWebsiteSecrets({ routingRules: rules }, { OSSEDGE_SECRET_A: 'value-a', OSS_ACCESS_KEY_SECRET: 'the-functions-own-key' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).code).toBe('CONFIG_SECRET_NAME');
    expect((err as ConfigError).issues.map((i) => i.path)).toEqual(['website.routingRules[1].redirect.mirrorAuth.accessKeySecret']);
    expect(`${(err as Error).message}${JSON.stringify((err as ConfigError).issues)}`).not.toMatch(/the-functions-own-key|value-a/);
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

describe('secretEnvOf', () => {
  it('keeps only OSSEDGE_SECRET_<NAME> variables: the function\'s own keys, tokens and look-alikes stay out', () => {
    const env = {
      OSSEDGE_SECRET_ORIGIN: 'o', OSSEDGE_SECRET_: 'bare prefix', OSSEDGE_SECRETX: 'no underscore', ossedge_secret_lower: 'lower case',
      OSS_ACCESS_KEY_SECRET: 'the function key', OSSEDGE_WEBHOOK_SECRET: 'w', OSSEDGE_GIT_TOKEN: 't', OSSEDGE_SECRET_UNSET: undefined, PATH: '/bin',
    };
    expect(secretEnvOf(env)).toEqual({ OSSEDGE_SECRET_ORIGIN: 'o' });
  });
});
