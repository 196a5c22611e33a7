// s.yaml's pre-deploy action, run by `s deploy` in s.yaml's folder. In a checkout of the repository it builds
// dist/ (scripts/build.mjs, as `npm run build`). An installed package (or a copy of its s.yaml, dist/ and deploy/)
// has no sources to build from and needs none: its dist/ is the build that was packed, so this only checks that
// the bundle of every function s.yaml deploys is there, and fails naming the missing ones.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

// A checkout is a folder whose package.json names ossedge and which holds its sources. A scripts/build.mjs
// alone is not one: in a folder of the user's own (s.yaml copied into a site's repository) it is their build,
// and running it would deploy whatever it leaves in dist/ unchecked.
const PACKAGE_JSON_LIMIT = 256 * 1024;
function isCheckout() {
  if (!existsSync('scripts/build.mjs') || !existsSync('functions')) return false;
  try {
    const stat = statSync('package.json');
    if (!stat.isFile() || stat.size > PACKAGE_JSON_LIMIT) return false;
    return JSON.parse(readFileSync('package.json', 'utf8')).name === 'ossedge';
  } catch {
    return false;
  }
}

if (isCheckout()) {
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  process.exit(build.status ?? 1);
}

// s.yaml is a few KB; anything past 1 MiB (or not a regular file) is refused, not read
const S_YAML_LIMIT = 1024 * 1024;
const sYaml = existsSync('s.yaml') ? statSync('s.yaml') : undefined;
if (!sYaml?.isFile() || sYaml.size > S_YAML_LIMIT) {
  console.error(`ossedge pre-deploy: s.yaml ${sYaml === undefined ? 'not found' : sYaml.isFile() ? `is larger than ${S_YAML_LIMIT} bytes` : 'is not a regular file'}; run s deploy in the folder of ossedge's s.yaml`);
  process.exit(1);
}
/** A YAML scalar as written: 'x' and "x" are x (a plain folder name holds no escapes). */
function unquote(value) {
  const q = value[0];
  return (q === "'" || q === '"') && value.length >= 2 && value.endsWith(q) ? value.slice(1, -1) : value;
}
// `code: ./dist/<function>` lines of s.yaml; read line by line (no pattern runs over the whole file)
const codeFolders = readFileSync('s.yaml', 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line.startsWith('code:'))
  .map((line) => unquote(line.slice('code:'.length).replace(/\s#.*$/, '').trim()));
if (codeFolders.length === 0) {
  console.error('ossedge pre-deploy: s.yaml names no code folder');
  process.exit(1);
}
const missing = codeFolders.filter((folder) => !existsSync(join(folder, 'index.mjs')));
if (missing.length > 0) {
  console.error(`ossedge pre-deploy: no built bundle in ${missing.join(', ')}; copy dist/ from the installed package (node_modules/ossedge/dist) next to s.yaml, or run npm run build in a checkout`);
  process.exit(1);
}
console.log(`ossedge pre-deploy: deploying the built bundles of ${codeFolders.join(', ')}`);
