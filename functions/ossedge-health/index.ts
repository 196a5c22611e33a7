// ossedge-health: GET → OSS reachability and each function's latest report (read-only);
// {"check":"status"} → the same as GET, for a synchronous invocation (`ossedge doctor`);
// timer / {"check":"deep"} → queues a heartbeat to itself through the FC invoker;
// {"check":"heartbeat","runId"} → stores the heartbeat report (once per invocation id).
import { createHealthHandler } from './handler.ts';
import { settings } from './settings.ts';

export const handler = createHealthHandler(settings());
