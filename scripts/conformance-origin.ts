// `npm run conformance-origin -- [--host 0.0.0.0] [--port 8080] [--public-url https://origin.example.net/]`:
// serves the scripted origin the conformance rows mirror from, until SIGINT/SIGTERM. It listens on loopback
// unless --host says otherwise; put it where OSS can reach it (its public URL decides the `vhost` script).
import { parseArgs } from 'node:util';
import { startScriptedOrigin } from '../local/oss-emulator/conformance/scripted-origin.ts';

const { values } = parseArgs({ options: { host: { type: 'string' }, port: { type: 'string' }, 'public-url': { type: 'string' } }, strict: true });
const port = values.port === undefined ? 0 : Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write('--port must be 0..65535\n');
  process.exit(2);
}
const origin = await startScriptedOrigin({
  ...(values.host ? { host: values.host } : {}), port, ...(values['public-url'] ? { publicUrl: values['public-url'] } : {}),
});
process.stdout.write(`origin=${origin.url}\n`);
const stop = () => void origin.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
