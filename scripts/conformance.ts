// `npm run conformance -- --endpoint https://oss-<region>.aliyuncs.com --bucket-prefix P --origin URL`:
// drives the emulator's decision rows through real OSS (local/oss-emulator/conformance). Never run by CI.
import { conformanceCli } from '../local/oss-emulator/conformance/cli.ts';

const code = await conformanceCli(process.argv.slice(2), process.env, {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
process.exit(code);
