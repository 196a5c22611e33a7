// The `# yaml-language-server: $schema=...` line `ossedge export` puts first, so that an editor with the YAML
// language server completes and checks the exported file. The schema is looked for from the written file's
// folder upwards: a checkout of this package (its package.json names it) or an installed copy under
// node_modules/ossedge. The package publishes no schema URL (package.json has no homepage or repository),
// so when neither is found there is no line rather than one that points nowhere.
import { statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { readFileCapped } from '../../shared/state/capped-read.ts';

export const PACKAGE_NAME = 'ossedge';
/** Where the schema sits inside the package (package.json "files" ships it). */
export const SCHEMA_IN_PACKAGE = 'schema/ossedge.schema.json';
/** A package.json larger than this is not read (and not taken for ours). */
const PACKAGE_JSON_LIMIT = 256 * 1024;

const isFile = (path: string): boolean => {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
};

async function namesThisPackage(packageJson: string): Promise<boolean> {
  if (!isFile(packageJson)) return false;
  try {
    const parsed = JSON.parse((await readFileCapped(packageJson, { limit: PACKAGE_JSON_LIMIT, source: packageJson })).toString('utf8')) as unknown;
    return typeof parsed === 'object' && parsed !== null && (parsed as { name?: unknown }).name === PACKAGE_NAME;
  } catch {
    return false;
  }
}

/** The absolute path of the schema for a file written in `dir`, or undefined. */
export async function findSchema(dir: string): Promise<string | undefined> {
  for (let at = resolve(dir); ; ) {
    const checkout = join(at, SCHEMA_IN_PACKAGE);
    if (isFile(checkout) && (await namesThisPackage(join(at, 'package.json')))) return checkout;
    const installed = join(at, 'node_modules', PACKAGE_NAME, SCHEMA_IN_PACKAGE);
    if (isFile(installed)) return installed;
    const up = dirname(at);
    if (up === at) return undefined;
    at = up;
  }
}

/** The first line for a file written in `dir` (with its newline), or '' when no schema is found. */
export async function schemaLine(dir: string): Promise<string> {
  const schema = await findSchema(dir);
  if (schema === undefined) return '';
  const path = relative(resolve(dir), schema).split(sep).join('/');
  // the line ends at the first white space for the language server: a path with any would point elsewhere
  if (/\s/.test(path)) return '';
  return `# yaml-language-server: $schema=${path}\n`;
}
