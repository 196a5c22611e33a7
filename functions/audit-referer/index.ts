// audit-referer: inventories every visible bucket and reports hotlink (Referer) exposure; timer, HTTP
// (POST runs, GET answers the latest report) and direct invocation (CLI). Engine: shared/audit.
import { createAuditRefererHandler } from './handler.ts';
import { settings } from './settings.ts';

export const handler = createAuditRefererHandler(settings());
