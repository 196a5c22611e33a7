// validate-mirror-origin: for every mirror rule (ossedge.yaml and/or live), the URL OSS would fetch for
// sample keys, DNS, address class, TCP, TLS, HEAD/GET, redirects, Content-MD5, encodings, header rules.
// Timer, HTTP (?bucket=a,b) and direct invoke ({bucket, config}) all answer the report and store it.
import { createValidateOriginsHandler } from './handler.ts';
import { settings } from './settings.ts';

export const handler = createValidateOriginsHandler(settings());
