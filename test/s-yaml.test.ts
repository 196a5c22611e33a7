// s.yaml checked offline: parsed by Serverless Devs' own parser, validated against the fc3 component's
// props schema, then our stricter layer (the fc3 schema lets typos and wrong trigger configs through).
import parseSpecModule from '@serverless-devs/parse-spec';
import { Ajv, type ValidateFunction } from 'ajv';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFcSchedule } from '../local/fc-runner/schedule.ts';
import { ROOT, buildInto, existingFunctions } from './e2e/build-helper.ts';

const SCHEMA = JSON.parse(readFileSync('/work/shared/schemas/fc3-props.schema.json', 'utf8')) as Record<string, any>;
const DEFS = SCHEMA.definitions as Record<string, any>;
const ENV = { OSSEDGE_CONFIG: 'oss://cfg-bucket/ossedge.yaml', OSSEDGE_REPORTS: 'oss://reports-bucket/ossedge/', OSSEDGE_WEBHOOK_SECRET: 'test-secret' };
const DOC_KEYS = new Set(['edition', 'name', 'access', 'vars', 'template', 'resources', 'actions', 'flow']);
const RESOURCE_KEYS = new Set(['component', 'props', 'extend', 'actions']);
const ENV_KEYS = new Set(['NODE_ENV', 'OSSEDGE_CONFIG', 'OSSEDGE_REPORTS', 'OSSEDGE_NOTIFY_URL', 'OSSEDGE_WEBHOOK_SECRET']);
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
    for (const [k, v] of Object.entries(props.environmentVariables ?? {})) {
      if (!ENV_KEYS.has(k)) problems.push(`${at}.environmentVariables.${k}: unknown variable`);
      if (k === 'OSSEDGE_WEBHOOK_SECRET' && name !== 'apply-config') problems.push(`${at}.environmentVariables.${k}: only apply-config takes webhooks`);
      if (typeof v === 'string' && v.includes('${')) problems.push(`${at}.environmentVariables.${k}: unresolved ${v}`);
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
