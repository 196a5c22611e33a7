// ossedge-health: GET → OSS reachability and each function's latest report (read-only);
// timer / {"check":"deep"} → queues a heartbeat to itself through the FC invoker;
// {"check":"heartbeat","runId"} → stores the heartbeat report (once per invocation id).
import { createHealthHandler } from './handler.ts';
import { settings } from './settings.ts';

export const handler = createHealthHandler(settings());
