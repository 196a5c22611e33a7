// apply-config: keeps OSS buckets' website/mirror, CORS and Referer settings equal to ossedge.yaml.
// HTTP (git push webhook: 202 + async apply; ?mode=plan answers the plan), timer (drift), direct invoke (CLI).
import { createApplyConfigHandler } from './handler.ts';
import { settings } from './settings.ts';

export const handler = createApplyConfigHandler(settings());
