import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import type { FcHandler, RunnerFunction, TriggerDef } from './types.ts';

/** One fc3 resource of s.yaml as the runner needs it. */
export interface SYamlFunction {
  resource: string;
  name: string;
  /** `code` as written (e.g. `./dist/apply-config`). */
  code: string;
  /** `index.handler` → file `index`, export `handler`. */
  handler: string;
  timeout?: number;
  memorySize?: number;
  environmentVariables: Record<string, string>;
  triggers: TriggerDef[];
  maxAsyncRetryAttempts?: number;
  maxAsyncEventAgeInSeconds?: number;
}

type Env = Readonly<Record<string, string | undefined>>;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep merge as Serverless Devs does for `extend` (objects merged, other values replaced). */
function merge(base: unknown, over: unknown): unknown {
  if (!isObject(base) || !isObject(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = merge(base[k], v);
  return out;
}

/** Resolves `${env('X'[, 'default'])}` and `${vars.x}`; other magic variables stay literal (deploy time). */
function interpolate(value: unknown, vars: Record<string, unknown>, env: Env): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{\s*env\(\s*['"]([^'"]+)['"]\s*(?:,\s*['"]([^'"]*)['"]\s*)?\)\s*\}|\$\{\s*vars\.([\w-]+)\s*\}/g,
      (whole, envName?: string, def?: string, varName?: string) => {
        if (envName) return env[envName] ?? def ?? '';
        const v = vars[varName!];
        return v === undefined ? whole : String(interpolate(v, vars, env));
      });
  }
  if (Array.isArray(value)) return value.map((v) => interpolate(v, vars, env));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, vars, env)]));
  return value;
}

function toTrigger(t: Record<string, unknown>): TriggerDef | undefined {
  const c = (t.triggerConfig ?? {}) as Record<string, unknown>;
  const name = String(t.triggerName);
  if (t.triggerType === 'http') {
    return { name, type: 'http', methods: (c.methods as string[] | undefined) ?? [], authType: (c.authType as 'anonymous') ?? 'anonymous' };
  }
  if (t.triggerType === 'timer') {
    return { name, type: 'timer', cronExpression: String(c.cronExpression), enable: c.enable === true, ...(typeof c.payload === 'string' ? { payload: c.payload } : {}) };
  }
  return undefined;
}

/** Reads the fc3 resources of an s.yaml (edition 3.0.0), with `template`/`extend`, vars and env resolved. */
export function readSYaml(file: string, env: Env = {}): SYamlFunction[] {
  const doc = parse(readFileSync(file, 'utf8'), { merge: true }) as Record<string, unknown>;
  const vars = (doc.vars ?? {}) as Record<string, unknown>;
  const templates = (doc.template ?? {}) as Record<string, unknown>;
  const out: SYamlFunction[] = [];
  for (const [resource, raw] of Object.entries((doc.resources ?? {}) as Record<string, Record<string, unknown>>)) {
    if (raw.component !== 'fc3') continue;
    const ext = (raw.extend as { name?: string } | undefined)?.name;
    const props = interpolate(merge(ext ? templates[ext] : {}, raw.props ?? {}), vars, env) as Record<string, unknown>;
    const asyncCfg = props.asyncInvokeConfig as { maxAsyncRetryAttempts?: number; maxAsyncEventAgeInSeconds?: number } | undefined;
    out.push({
      resource,
      name: String(props.functionName),
      code: String(props.code),
      handler: String(props.handler ?? 'index.handler'),
      ...(typeof props.timeout === 'number' ? { timeout: props.timeout } : {}),
      ...(typeof props.memorySize === 'number' ? { memorySize: props.memorySize } : {}),
      environmentVariables: (props.environmentVariables ?? {}) as Record<string, string>,
      triggers: ((props.triggers ?? []) as Array<Record<string, unknown>>).map(toTrigger).filter((t): t is TriggerDef => !!t),
      ...(typeof asyncCfg?.maxAsyncRetryAttempts === 'number' ? { maxAsyncRetryAttempts: asyncCfg.maxAsyncRetryAttempts } : {}),
      ...(typeof asyncCfg?.maxAsyncEventAgeInSeconds === 'number' ? { maxAsyncEventAgeInSeconds: asyncCfg.maxAsyncEventAgeInSeconds } : {}),
    });
  }
  return out;
}

export type LoadFrom = 'source' | 'dist';

/** The module file of a function: `functions/<dir>/index.ts` (source) or `<code>/index.mjs` (dist). */
export function handlerFile(fn: SYamlFunction, root: string, from: LoadFrom): string {
  const file = fn.handler.split('.')[0] ?? 'index';
  if (from === 'source') return resolve(root, 'functions', basename(fn.code), `${file}.ts`);
  const dir = resolve(root, fn.code);
  const mjs = join(dir, `${file}.mjs`);
  return existsSync(mjs) ? mjs : join(dir, `${file}.js`);
}

export async function loadHandler(fn: SYamlFunction, root: string, from: LoadFrom): Promise<FcHandler> {
  const mod = (await import(pathToFileURL(handlerFile(fn, root, from)).href)) as Record<string, unknown>;
  const exported = mod[fn.handler.split('.')[1] ?? 'handler'];
  if (typeof exported !== 'function') throw new Error(`${fn.name}: ${fn.handler} is not an exported function`);
  return exported as FcHandler;
}

/** Imports the module on the first invocation (functions read their environment once, at import). */
function lazyHandler(fn: SYamlFunction, root: string, from: LoadFrom): FcHandler {
  let loaded: Promise<FcHandler> | undefined;
  return async (event, context) => {
    loaded ??= loadHandler(fn, root, from);
    return (await loaded)(event, context);
  };
}

/** The functions of s.yaml whose module exists, ready for `startRunner`. */
export async function loadRunnerFunctions(file: string, options: { root: string; from: LoadFrom; env?: Env; lazy?: boolean }): Promise<RunnerFunction[]> {
  const out: RunnerFunction[] = [];
  for (const fn of readSYaml(file, options.env ?? {})) {
    if (!existsSync(handlerFile(fn, options.root, options.from))) continue;
    out.push({
      name: fn.name,
      handler: options.lazy ? lazyHandler(fn, options.root, options.from) : await loadHandler(fn, options.root, options.from),
      triggers: fn.triggers,
      ...(fn.timeout !== undefined ? { timeout: fn.timeout } : {}),
      ...(fn.memorySize !== undefined ? { memorySize: fn.memorySize } : {}),
      ...(fn.maxAsyncRetryAttempts !== undefined ? { maxAsyncRetryAttempts: fn.maxAsyncRetryAttempts } : {}),
      ...(fn.maxAsyncEventAgeInSeconds !== undefined ? { maxAsyncEventAgeInSeconds: fn.maxAsyncEventAgeInSeconds } : {}),
    });
  }
  return out;
}
