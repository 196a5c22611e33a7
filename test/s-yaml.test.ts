// s.yaml checked offline: parsed by Serverless Devs' own parser, validated against the fc3 component's
// props schema, then our stricter layer (the fc3 schema lets typos and wrong trigger configs through).
import parseSpecModule from '@serverless-devs/parse-spec';
import { Ajv, type ValidateFunction } from 'ajv';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseFcSchedule } from '../local/fc-runner/schedule.ts';
import { ROOT, buildInto, existingFunctions } from './e2e/build-helper.ts';
import { isPrefixEntry, settingsVarsOf } from './helpers/settings-vars.ts';

const SCHEMA = JSON.parse(readFileSync(join(ROOT, '../shared/schemas/fc3-props.schema.json'), 'utf8')) as Record<string, any>;
const DEFS = SCHEMA.definitions as Record<string, any>;
const ENV = { OSSEDGE_CONFIG: 'oss://cfg-bucket/ossedge.yaml', OSSEDGE_REPORTS: 'oss://reports-bucket/ossedge/', OSSEDGE_WEBHOOK_SECRET: 'test-secret' };
const DOC_KEYS = new Set(['edition', 'name', 'access', 'vars', 'template', 'resources', 'actions', 'flow']);
const RESOURCE_KEYS = new Set(['component', 'props', 'extend', 'actions']);
/** Every variable s.yaml may set, and the functions that may get it ('all': any, e.g. through the template). */
/** The functions that notify new problems (all but ossedge-health). */
const NOTIFYING = ['apply-config', 'audit-referer', 'validate-mirror-origin', 'refresh-stale-objects'] as const;
const ENV_KEYS: Record<string, 'all' | readonly string[]> = {
  NODE_ENV: 'all', OSSEDGE_CONFIG: 'all', OSSEDGE_REPORTS: 'all', OSSEDGE_DASHBOARD: 'all',
  OSSEDGE_WEBHOOK_SECRET: ['apply-config'], OSSEDGE_WEBHOOK_SECRET_PREVIOUS: ['apply-config'], OSSEDGE_DRIFT_ACTION: ['apply-config'],
  OSSEDGE_GIT_TOKEN: ['apply-config'], OSSEDGE_GIT_PROVIDER: ['apply-config'], OSSEDGE_GIT_REPOSITORY: ['apply-config'], OSSEDGE_GIT_API: ['apply-config'],
  OSSEDGE_GIT_PATH: ['apply-config'], OSSEDGE_GIT_BRANCH: ['apply-config'], OSSEDGE_DASHBOARD_URL: ['apply-config'],
  OSSEDGE_NOTIFY_URL: NOTIFYING, OSSEDGE_NOTIFY_KIND: NOTIFYING, OSSEDGE_NOTIFY_SECRET: NOTIFYING, OSSEDGE_AUDIT_PROBE: ['audit-referer'],
  OSSEDGE_REPORT_RETENTION_DAYS: 'all',
};
/**
 * Mirror origin secrets a config names as `${env:OSSEDGE_SECRET_<NAME>}`: any name with exactly this prefix,
 * on apply-config only (the one function that writes them into routing rules; validate-mirror-origin probes unsigned).
 */
const CONFIG_SECRET = { pattern: /^OSSEDGE_SECRET_[A-Za-z0-9_]+$/, functions: ['apply-config'] } as const;
/** The functions that may get variable `k` ('all': any); undefined: an unknown variable. */
const allowedFor = (k: string): 'all' | readonly string[] | undefined => (CONFIG_SECRET.pattern.test(k) ? CONFIG_SECRET.functions : Object.hasOwn(ENV_KEYS, k) ? ENV_KEYS[k] : undefined);
/** Secrets: only as `${env('NAME')}` (optionally defaulting to ''), never a literal in s.yaml. */
const SECRET_KEYS = new Set(['OSSEDGE_WEBHOOK_SECRET', 'OSSEDGE_WEBHOOK_SECRET_PREVIOUS', 'OSSEDGE_NOTIFY_SECRET', 'OSSEDGE_GIT_TOKEN']);
const isSecret = (k: string): boolean => SECRET_KEYS.has(k) || CONFIG_SECRET.pattern.test(k);
/** Variables the functions read that a deployment must not set, and why. */
const NOT_DEPLOYED: Record<string, string> = {
  OSSEDGE_ALLOW_PRIVATE_ORIGINS: 'tests and local runs only (origins on private addresses)',
  OSSEDGE_FC_ENDPOINT: 'the local runner; on FC the region\'s internal endpoint is used',
  OSS_REGION: 'the connection override of local runs; on FC the function\'s own region is used',
  OSS_ENDPOINT: 'the connection override of local runs; on FC the region\'s internal endpoint is used',
  OSSEDGE_OSS_INTERNAL: 'local runs outside Alibaba Cloud (public endpoint); on FC the internal one is right',
  ...Object.fromEntries(['OSS_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_ID', 'OSS_ACCESS_KEY_SECRET', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET', 'OSS_SESSION_TOKEN', 'ALIBABA_CLOUD_SECURITY_TOKEN']
    .map((k) => [k, 'keys of local runs; on FC the function role\'s keys come with each invocation'])),
};
/** What each function reads (functions/<name>/settings.ts SETTINGS_VARS; see settings-vars.ts for the fallback). */
const READS: Record<string, string[]> = Object.fromEntries(await Promise.all(existingFunctions().map(async (f) => [f, await settingsVarsOf(f)] as const)));
/** The named variables a function reads (prefix entries such as 'OSSEDGE_SECRET_*' are checked on their own). */
const envReadsOf = (fn: string): string[] => (READS[fn] ?? []).filter((k) => !isPrefixEntry(k));
/** HTTP exposure per function: only webhooks and the status page are anonymous. */
const AUTH: Record<string, string> = { 'apply-config': 'anonymous', 'ossedge-health': 'anonymous' };

const ajv = new Ajv({ allErrors: true, strictSchema: true });
ajv.addSchema(SCHEMA, 'fc3');
const validateProps = ajv.getSchema('fc3') as ValidateFunction;
const strictConfig = (def: string) => ajv.compile({ ...DEFS[def], definitions: DEFS, additionalProperties: false });
const TRIGGER_CONFIG: Record<string, ValidateFunction> = { timer: strictConfig('ITimerTriggerConfig'), http: strictConfig('IHttpTriggerConfig') };

interface Step { projectName: string; props: Record<string, any> }

// a CommonJS module with `exports.default`: Node's ESM import and vitest's interop disagree on the default
type ParseSpecClass = typeof parseSpecModule.default;
const ParseSpec = ((parseSpecModule as unknown as { default?: ParseSpecClass }).default ?? parseSpecModule) as ParseSpecClass;
const quiet = new Proxy({}, { get: () => () => {} });
async function parse(file: string): Promise<{ steps: Step[]; doc: Record<string, any> }> {
  const spec = await new ParseSpec(file, { argv: ['deploy'], isPreview: true, logger: quiet } as never).start();
  return { steps: spec.steps as Step[], doc: spec.yaml.content as Record<string, any> };
}

function deref(s: any): any {
  return s?.$ref ? deref(DEFS[String(s.$ref).replace('#/definitions/', '')]) : s;
}

/** Keys the schema does not declare, wherever it declares properties and does not allow extra ones. */
function unknownKeys(value: unknown, schema: any, path: string, out: string[]): void {
  const s = deref(schema);
  if (!s || typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    value.forEach((v, i) => unknownKeys(v, s.items, `${path}[${i}]`, out));
    return;
  }
  if (s.anyOf) {
    const alt = s.anyOf.map(deref).find((a: any) => a.properties && Object.keys(value).every((k) => k in a.properties));
    if (!alt) out.push(`${path}: keys ${Object.keys(value).join(',')} match no alternative`);
    else unknownKeys(value, alt, path, out);
    return;
  }
  if (!s.properties || s.additionalProperties !== undefined) return;
  for (const [k, v] of Object.entries(value)) {
    if (!(k in s.properties)) out.push(`${path}.${k}: unknown key`);
    else if (!(path.endsWith(']') && k === 'triggerConfig')) unknownKeys(v, s.properties[k], `${path}.${k}`, out);
  }
}

/**
 * The raw (unresolved) environment values: each `${env('X', ...)}` names its own variable X (a typo there would
 * silently deploy an empty value), and a secret only ever comes from the deployer's environment.
 */
function envSources(file: string, problems: string[]): void {
  const raw = parseYaml(readFileSync(file, 'utf8')) as Record<string, any>;
  const blocks: Array<[string, Record<string, unknown>]> = [];
  for (const [t, v] of Object.entries(raw.template ?? {}) as Array<[string, any]>) blocks.push([`template.${t}`, v?.environmentVariables ?? {}]);
  for (const [r, v] of Object.entries(raw.resources ?? {}) as Array<[string, any]>) blocks.push([`resources.${r}.props`, v?.props?.environmentVariables ?? {}]);
  for (const [at, vars] of blocks) {
    for (const [k, v] of Object.entries(vars)) {
      const named = /^\$\{env\('([^']*)'(?:, '([^']*)')?\)\}$/.exec(String(v));
      if (named && named[1] !== k) problems.push(`${at}.environmentVariables.${k}: reads env('${named[1]}'), not ${k}`);
      if (isSecret(k) && !(named && named[1] === k && !named[2])) problems.push(`${at}.environmentVariables.${k}: a secret must be \${env('${k}')} (default '' at most)`);
    }
  }
}

/** Every problem of an s.yaml: fc3 schema errors first, then ours. */
async function checkSYaml(file: string): Promise<string[]> {
  const problems: string[] = [];
  const { steps, doc } = await parse(file);
  for (const k of Object.keys(doc)) if (!DOC_KEYS.has(k)) problems.push(`${k}: unknown top-level key`);
  if (String(doc.edition) !== '3.0.0') problems.push('edition: must be 3.0.0');
  for (const [name, r] of Object.entries(doc.resources ?? {}) as Array<[string, any]>) {
    for (const k of Object.keys(r)) if (!RESOURCE_KEYS.has(k)) problems.push(`resources.${name}.${k}: unknown key`);
    if (r.component !== 'fc3') problems.push(`resources.${name}.component: must be fc3`);
  }
  for (const { projectName: name, props } of steps) {
    const at = `resources.${name}.props`;
    if (!validateProps(props)) for (const e of validateProps.errors ?? []) problems.push(`${at}${e.instancePath}: ${e.message} (fc3 schema)`);
    unknownKeys(props, SCHEMA, at, problems);
    if (props.runtime !== 'nodejs20') problems.push(`${at}.runtime: must be nodejs20`);
    if (props.handler !== 'index.handler') problems.push(`${at}.handler: must be index.handler`);
    if (props.functionName !== name) problems.push(`${at}.functionName: must equal the resource name`);
    if (props.code !== `./dist/${name}`) problems.push(`${at}.code: must be ./dist/${name}`);
    if (!props.role) problems.push(`${at}.role: a role is needed for context.credentials`);
    if (!props.logConfig) problems.push(`${at}.logConfig: missing`);
    const vars = props.environmentVariables ?? {};
    for (const [k, v] of Object.entries(vars)) {
      const allowed = allowedFor(k);
      if (!allowed) problems.push(`${at}.environmentVariables.${k}: unknown variable`);
      else if (allowed !== 'all' && !allowed.includes(name)) problems.push(`${at}.environmentVariables.${k}: only for ${allowed.join(', ')}`);
      if (typeof v === 'string' && v.includes('${')) problems.push(`${at}.environmentVariables.${k}: unresolved ${v}`);
    }
    if (existsSync(join(ROOT, 'functions', name, 'index.ts'))) {
      for (const k of envReadsOf(name)) if (!Object.hasOwn(NOT_DEPLOYED, k) && !(k in vars)) problems.push(`${at}.environmentVariables.${k}: missing (functions/${name} reads it)`);
    }
    const types = new Set<string>();
    (props.triggers ?? []).forEach((t: any, i: number) => {
      const tp = `${at}.triggers[${i}]`;
      types.add(t.triggerType);
      const check = TRIGGER_CONFIG[t.triggerType];
      if (!check) return problems.push(`${tp}.triggerType: ossedge uses http and timer only`);
      if (!check(t.triggerConfig)) for (const e of check.errors ?? []) problems.push(`${tp}.triggerConfig${e.instancePath}: ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${e.params.additionalProperty})` : ''}`);
      const c = t.triggerConfig ?? {};
      if (t.triggerType === 'timer') {
        try {
          parseFcSchedule(String(c.cronExpression));
        } catch (e) {
          problems.push(`${tp}.triggerConfig.cronExpression: ${(e as Error).message}`);
        }
        if (c.payload !== undefined) {
          try {
            JSON.parse(c.payload);
          } catch {
            problems.push(`${tp}.triggerConfig.payload: must be JSON text`);
          }
        }
      }
      if (t.triggerType === 'http') {
        if (!Array.isArray(c.methods) || c.methods.length === 0) problems.push(`${tp}.triggerConfig.methods: at least one method`);
        if (c.authType !== (AUTH[name] ?? 'function')) problems.push(`${tp}.triggerConfig.authType: must be ${AUTH[name] ?? 'function'} for ${name}`);
      }
    });
    for (const needed of ['http', 'timer']) if (!types.has(needed)) problems.push(`${at}.triggers: needs a ${needed} trigger`);
  }
  envSources(file, problems);
  return problems;
}

let home: string;
let work: string;
const savedEnv = { ...process.env };
beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'ossedge-sdhome-'));
  work = mkdtempSync(join(tmpdir(), 'ossedge-syaml-'));
  process.env.HOME = home;
  Object.assign(process.env, ENV);
});
afterAll(() => {
  for (const k of ['HOME', ...Object.keys(ENV)]) {
    if (savedEnv[k] === undefined) delete process.env[k];
    else process.env[k] = savedEnv[k];
  }
  rmSync(home, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

const original = () => readFileSync(join(ROOT, 's.yaml'), 'utf8');
function planted(name: string, from: string | RegExp, to: string): string {
  const text = original();
  const changed = text.replace(from, to);
  expect(changed).not.toBe(text);
  const file = join(work, `${name}.yaml`);
  writeFileSync(file, changed);
  return file;
}

describe('s.yaml', () => {
  it('parses with Serverless Devs and passes the fc3 props schema and our stricter checks', async () => {
    const { steps } = await parse(join(ROOT, 's.yaml'));
    expect(steps.map((s) => s.projectName).sort()).toEqual(['apply-config', 'audit-referer', 'ossedge-health', 'refresh-stale-objects', 'validate-mirror-origin']);
    expect(await checkSYaml(join(ROOT, 's.yaml'))).toEqual([]);
    const apply = steps.find((s) => s.projectName === 'apply-config')!.props;
    expect(apply.environmentVariables).toMatchObject(ENV);
    expect(apply.triggers.map((t: any) => [t.triggerType, t.triggerConfig.methods ?? t.triggerConfig.cronExpression])).toEqual([['http', ['POST']], ['timer', '0 0 */6 * * *']]);
  });

  it('sets exactly the variables the functions read (but local-only ones), each on the functions that read it', async () => {
    const read = new Set(existingFunctions().flatMap(envReadsOf).filter((k) => !Object.hasOwn(NOT_DEPLOYED, k)));
    expect([...read, 'NODE_ENV'].sort()).toEqual(Object.keys(ENV_KEYS).sort());
    const { steps } = await parse(join(ROOT, 's.yaml'));
    const audit = steps.find((s) => s.projectName === 'audit-referer')!.props.environmentVariables;
    expect(Object.keys(audit).sort()).toEqual(['NODE_ENV', 'OSSEDGE_AUDIT_PROBE', 'OSSEDGE_CONFIG', 'OSSEDGE_DASHBOARD', 'OSSEDGE_NOTIFY_KIND', 'OSSEDGE_NOTIFY_SECRET', 'OSSEDGE_NOTIFY_URL', 'OSSEDGE_REPORTS', 'OSSEDGE_REPORT_RETENTION_DAYS']);
    // unset optional variables deploy as '' (or the documented default), which the functions treat as unset
    expect(audit).toMatchObject({ OSSEDGE_NOTIFY_SECRET: '', OSSEDGE_DASHBOARD: '', OSSEDGE_AUDIT_PROBE: '0' });
    for (const s of steps) expect(Object.hasOwn(s.props.environmentVariables, 'OSSEDGE_NOTIFY_SECRET'), s.projectName).toBe(s.projectName !== 'ossedge-health');
  });

  it('fails on a typo\'d variable name, a variable a function reads left out, and a misplaced webhook secret', async () => {
    expect(await checkSYaml(planted('env-typo', 'OSSEDGE_AUDIT_PROBE:', 'OSSEDGE_AUDIT_PROBES:'))).toEqual([
      'resources.audit-referer.props.environmentVariables.OSSEDGE_AUDIT_PROBES: unknown variable',
      'resources.audit-referer.props.environmentVariables.OSSEDGE_AUDIT_PROBE: missing (functions/audit-referer reads it)',
      "resources.audit-referer.props.environmentVariables.OSSEDGE_AUDIT_PROBES: reads env('OSSEDGE_AUDIT_PROBE'), not OSSEDGE_AUDIT_PROBES",
    ]);
    expect(await checkSYaml(planted('env-missing', /\n\s+OSSEDGE_DRIFT_ACTION: .*/, ''))).toEqual([
      'resources.apply-config.props.environmentVariables.OSSEDGE_DRIFT_ACTION: missing (functions/apply-config reads it)',
    ]);
    const everywhere = await checkSYaml(planted('secret-template', /(\n\s+)(OSSEDGE_DASHBOARD: .*)/, "$1$2$1OSSEDGE_WEBHOOK_SECRET: ${env('OSSEDGE_WEBHOOK_SECRET')}"));
    expect(everywhere).toEqual(['audit-referer', 'validate-mirror-origin', 'refresh-stale-objects', 'ossedge-health'].map((f) => `resources.${f}.props.environmentVariables.OSSEDGE_WEBHOOK_SECRET: only for apply-config`));
  });

  it('fails on a secret written into s.yaml and on an ${env(...)} that names another variable', async () => {
    expect(await checkSYaml(planted('secret-literal', "OSSEDGE_NOTIFY_SECRET: ${env('OSSEDGE_NOTIFY_SECRET', '')}", "OSSEDGE_NOTIFY_SECRET: 'hunter2'"))).toEqual([
      "resources.apply-config.props.environmentVariables.OSSEDGE_NOTIFY_SECRET: a secret must be ${env('OSSEDGE_NOTIFY_SECRET')} (default '' at most)",
    ]);
    expect(await checkSYaml(planted('secret-default', "${env('OSSEDGE_WEBHOOK_SECRET')}", "${env('OSSEDGE_WEBHOOK_SECRET', 'changeme')}"))).toEqual([
      "resources.apply-config.props.environmentVariables.OSSEDGE_WEBHOOK_SECRET: a secret must be ${env('OSSEDGE_WEBHOOK_SECRET')} (default '' at most)",
    ]);
    expect(await checkSYaml(planted('previous-secret-literal', "${env('OSSEDGE_WEBHOOK_SECRET_PREVIOUS', '')}", "'old-secret'"))).toEqual([
      "resources.apply-config.props.environmentVariables.OSSEDGE_WEBHOOK_SECRET_PREVIOUS: a secret must be ${env('OSSEDGE_WEBHOOK_SECRET_PREVIOUS')} (default '' at most)",
    ]);
    expect(await checkSYaml(planted('env-source-typo', "${env('OSSEDGE_DASHBOARD', '')}", "${env('OSSEDGE_DASHBORD', '')}"))).toEqual([
      "template.ossedge.environmentVariables.OSSEDGE_DASHBOARD: reads env('OSSEDGE_DASHBORD'), not OSSEDGE_DASHBOARD",
    ]);
  });

  it('takes mirror origin secrets as OSSEDGE_SECRET_<NAME> on apply-config, as its commented example shows, and nowhere else', async () => {
    const line = "# OSSEDGE_SECRET_DOWNLOADS_ORIGIN: ${env('OSSEDGE_SECRET_DOWNLOADS_ORIGIN')}";
    expect(original()).toContain(line);
    // the prefix is the config's alone: a function setting named with it would be readable by any pushed config;
    // a settings module that reads the config's secrets says so with the prefix entry, on apply-config only
    for (const f of existingFunctions()) {
      expect(envReadsOf(f).filter((k) => CONFIG_SECRET.pattern.test(k)), f).toEqual([]);
      for (const p of (READS[f] ?? []).filter(isPrefixEntry)) {
        expect(CONFIG_SECRET.functions, `${f} reads ${p}`).toContain(f);
        expect(p).toBe('OSSEDGE_SECRET_*');
      }
    }
    process.env.OSSEDGE_SECRET_DOWNLOADS_ORIGIN = 'origin-secret-for-the-test';
    try {
      const example = planted('config-secret', line, line.slice(2));
      expect(await checkSYaml(example)).toEqual([]);
      const { steps } = await parse(example);
      expect(steps.find((s) => s.projectName === 'apply-config')!.props.environmentVariables.OSSEDGE_SECRET_DOWNLOADS_ORIGIN).toBe('origin-secret-for-the-test');
      const at = (fn: string, k: string) => `resources.${fn}.props.environmentVariables.${k}`;
      expect(await checkSYaml(planted('config-secret-literal', line, 'OSSEDGE_SECRET_DOWNLOADS_ORIGIN: hunter2'))).toEqual([
        `${at('apply-config', 'OSSEDGE_SECRET_DOWNLOADS_ORIGIN')}: a secret must be \${env('OSSEDGE_SECRET_DOWNLOADS_ORIGIN')} (default '' at most)`,
      ]);
      const elsewhere = await checkSYaml(planted('config-secret-audit', /(\n\s+)(OSSEDGE_AUDIT_PROBE: .*)/, "$1$2$1OSSEDGE_SECRET_DOWNLOADS_ORIGIN: ${env('OSSEDGE_SECRET_DOWNLOADS_ORIGIN')}"));
      expect(elsewhere).toEqual([`${at('audit-referer', 'OSSEDGE_SECRET_DOWNLOADS_ORIGIN')}: only for apply-config`]);
      process.env.ORIGIN_SECRET = 'x';
      const otherName = await checkSYaml(planted('config-secret-name', line, "ORIGIN_SECRET: ${env('ORIGIN_SECRET')}"));
      expect(otherName).toEqual([`${at('apply-config', 'ORIGIN_SECRET')}: unknown variable`]);
    } finally {
      delete process.env.OSSEDGE_SECRET_DOWNLOADS_ORIGIN;
      delete process.env.ORIGIN_SECRET;
    }
  });

  it('gives apply-config the GitOps settings, the git token only as ${env()} and only there', async () => {
    const { steps } = await parse(join(ROOT, 's.yaml'));
    const apply = steps.find((s) => s.projectName === 'apply-config')!.props.environmentVariables;
    expect(apply).toMatchObject({ OSSEDGE_GIT_TOKEN: '', OSSEDGE_GIT_PROVIDER: '', OSSEDGE_GIT_REPOSITORY: '', OSSEDGE_GIT_PATH: 'ossedge.yaml', OSSEDGE_DASHBOARD_URL: '' });
    for (const s of steps) expect(Object.hasOwn(s.props.environmentVariables, 'OSSEDGE_GIT_TOKEN'), s.projectName).toBe(s.projectName === 'apply-config');
    expect(await checkSYaml(planted('git-token-literal', "OSSEDGE_GIT_TOKEN: ${env('OSSEDGE_GIT_TOKEN', '')}", "OSSEDGE_GIT_TOKEN: 'ghp_literal'"))).toEqual([
      "resources.apply-config.props.environmentVariables.OSSEDGE_GIT_TOKEN: a secret must be ${env('OSSEDGE_GIT_TOKEN')} (default '' at most)",
    ]);
    const everywhere = await checkSYaml(planted('git-token-template', /(\n\s+)(OSSEDGE_DASHBOARD: .*)/, "$1$2$1OSSEDGE_GIT_TOKEN: ${env('OSSEDGE_GIT_TOKEN', '')}"));
    expect(everywhere).toEqual(['audit-referer', 'validate-mirror-origin', 'refresh-stale-objects', 'ossedge-health'].map((f) => `resources.${f}.props.environmentVariables.OSSEDGE_GIT_TOKEN: only for apply-config`));
  });

  it('declares every function that exists in functions/', async () => {
    const { steps } = await parse(join(ROOT, 's.yaml'));
    const declared = new Set(steps.map((s) => basename(String(s.props.code))));
    for (const f of existingFunctions()) expect(declared, f).toContain(f);
  });

  it('finds each existing function\'s handler file in its built code folder', () => {
    const { outdir } = buildInto('ossedge-syaml-dist-');
    try {
      const fns = existingFunctions();
      expect(fns.length).toBeGreaterThan(0);
      for (const f of fns) expect(existsSync(join(outdir, f, 'index.mjs')), `${f}/index.mjs`).toBe(true);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  }, 120_000);

  it('fails on a planted typo in a props key that the fc3 schema alone lets through', async () => {
    const file = planted('typo-key', 'memorySize: 1024', 'memorySise: 1024');
    const { steps } = await parse(file);
    expect(steps.every((s) => validateProps(s.props))).toBe(true);
    expect(await checkSYaml(file)).toEqual(['resources.refresh-stale-objects.props.memorySise: unknown key']);
  });

  it('fails on a misspelt timer field, a five-field cron and an unknown HTTP method', async () => {
    expect(await checkSYaml(planted('typo-cron-key', "cronExpression: '0 0 2 * * *'", "cronExpresion: '0 0 2 * * *'"))).toEqual(expect.arrayContaining([
      "resources.audit-referer.props.triggers[1].triggerConfig: must have required property 'cronExpression'",
      'resources.audit-referer.props.triggers[1].triggerConfig: must NOT have additional properties (cronExpresion)',
    ]));
    expect(await checkSYaml(planted('cron-5', "'0 30 3 * * *'", "'30 3 * * *'"))).toEqual([
      'resources.refresh-stale-objects.props.triggers[1].triggerConfig.cronExpression: "30 3 * * *": FC cron needs 6 fields (seconds minutes hours day month weekday), got 5',
    ]);
    const method = await checkSYaml(planted('method', /- HEAD/, '- FETCH'));
    expect(method).toEqual(['resources.ossedge-health.props.triggers[0].triggerConfig/methods/1: must be equal to one of the allowed values']);
  });

  it('fails when a function without webhooks gets an anonymous HTTP trigger', async () => {
    const file = planted('anon', /(functionName: audit-referer[\s\S]*?authType: )function/, '$1anonymous');
    expect(await checkSYaml(file)).toEqual(['resources.audit-referer.props.triggers[0].triggerConfig.authType: must be function for audit-referer']);
  });
});
