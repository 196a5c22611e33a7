export { startRunner, DEFAULT_RUNNER_KEYS, DEFAULT_ACCOUNT_ID, type Runner, type RunnerOptions } from './runner.ts';
export { readSYaml, loadRunnerFunctions, loadHandler, handlerFile, type SYamlFunction, type LoadFrom } from './s-yaml.ts';
export { parseFcSchedule, schedule, ScheduleError, type FcSchedule } from './schedule.ts';
export { verifyFcRequest, fcStringToSign, fcSignature } from './fc-signature.ts';
export type { FcHandler, RunnerFunction, TriggerDef, HttpTriggerDef, TimerTriggerDef, InvocationRecord } from './types.ts';
