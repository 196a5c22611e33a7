import type { Agent as AgentClass, Dispatcher } from 'undici';

type RequestFn = (this: Dispatcher, options: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData>;

export interface UndiciParts {
  Agent: typeof AgentClass;
  request: RequestFn;
}

let loading: Promise<UndiciParts> | undefined;

/**
 * undici (≈ 290 KB of the bundle) is evaluated on the first origin request, not at import: a cold
 * start that never reaches an origin (a rejected webhook, a plan with no mirror rule) does not pay for it.
 * The same two files as shared/oss/transport.ts, so the bundler shares their chunks.
 */
export function loadUndici(): Promise<UndiciParts> {
  loading ??= Promise.all([import('undici/lib/dispatcher/agent.js'), import('undici/lib/api/api-request.js')]).then(
    ([agent, api]) => ({ Agent: agent.default, request: api.default }),
  );
  return loading;
}
