// docs/deploy.md is followed by hand against a real account, which this machine has none of: what can be
// checked offline is that its commands agree with the files they use (s.yaml, ram-policy.json, deploy/),
// that every file it names exists, and that the pre-deploy step it relies on does what it says.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { XMLParser } from 'fast-xml-parser';
import { ROOT } from '../e2e/build-helper.ts';
import { DONE_KEEP_MS } from '../../shared/state/sweep-state.ts';

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const guide = read('docs/deploy.md');
const sYaml = parseYaml(read('s.yaml')) as {
  access: string;
  vars: { region: string; role: string };
  actions: { 'pre-deploy': Array<{ run: string; path: string }> };
  resources: Record<string, { props: { functionName: string; code: string; triggers?: Array<{ triggerName: string; triggerType: string }> } }>;
};
/** The shell commands of the guide's sh blocks, continuation lines joined. */
const commands = [...guide.matchAll(/```sh\n([\s\S]*?)```/g)]
  .flatMap((m) => m[1]!.replace(/\\\n\s*/g, '').split('\n'))
  .map((line) => line.replace(/\s+#.*$/, '').trim())
  .filter((line) => line !== '' && !line.startsWith('#'));
const command = (prefix: string) => commands.filter((c) => c.startsWith(prefix));
const flag = (cmd: string, name: string) => new RegExp(`--${name} ("[^"]*"|\\S+)`).exec(cmd)?.[1]?.replace(/^"|"$/g, '');
/** `export NAME=value` lines of the guide. */
const exported = new Map(command('export ').map((c) => /^export (\w+)=(\S*)/.exec(c)!.slice(1, 3) as [string, string]));
const expand = (text: string) => text.replace(/\$\{?(\w+)\}?/g, (_m, name: string) => exported.get(name) ?? `$${name}`);

describe('docs/deploy.md', () => {
  it('is linked from the README', () => {
    expect(read('README.md')).toContain('](docs/deploy.md)');
  });

  it('names only files that exist in the repository', () => {
    const named = new Set<string>();
    for (const m of guide.matchAll(/(?:^|[\s`"'(=]|file:\/\/|\.\.\/|node_modules\/ossedge\/)((?:deploy|docs|schema|examples)\/[\w.-]+\.\w+|ram-policy\.json|s\.yaml|package\.json)/g)) named.add(m[1]!);
    expect([...named]).toEqual(expect.arrayContaining(['deploy/trust-policy.json', 'deploy/lifecycle-state.xml', 'deploy/ensure-bundles.mjs', 'ram-policy.json', 's.yaml']));
    expect([...named].filter((f) => !existsSync(join(ROOT, f)))).toEqual([]);
  });

  it('creates the role s.yaml deploys with, trusted by Function Compute alone, with ram-policy.json attached', () => {
    const trust = JSON.parse(read('deploy/trust-policy.json')) as { Version: string; Statement: Array<{ Effect: string; Action: string; Principal: { Service: string[] } }> };
    expect(trust.Version).toBe('1');
    expect(trust.Statement).toEqual([{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: ['fc.aliyuncs.com'] } }]);

    // s.yaml: acs:ram::${config('AccountID')}:role/${env('OSSEDGE_ROLE_NAME', '<default>')}
    const role = /^acs:ram::\$\{config\('AccountID'\)\}:role\/\$\{env\('OSSEDGE_ROLE_NAME', '([\w-]+)'\)\}$/.exec(sYaml.vars.role);
    expect(role, sYaml.vars.role).not.toBeNull();
    expect(exported.get('OSSEDGE_ROLE_NAME')).toBe(role![1]);
    const [create] = command('aliyun ram CreateRole ');
    expect(expand(flag(create!, 'RoleName')!)).toBe(role![1]);
    expect(flag(create!, 'AssumeRolePolicyDocument')).toBe('$(cat deploy/trust-policy.json)');
    const [policy] = command('aliyun ram CreatePolicy ');
    expect(flag(policy!, 'PolicyDocument')).toBe('$(cat ram-policy.json)');
    const [attach] = command('aliyun ram AttachPolicyToRole ');
    expect(flag(attach!, 'PolicyType')).toBe('Custom');
    expect(expand(flag(attach!, 'PolicyName')!)).toBe(expand(flag(policy!, 'PolicyName')!));
    expect(expand(flag(attach!, 'RoleName')!)).toBe(role![1]);
    // the later update goes to the same policy, and rotates past RAM's 5 versions
    const [update] = command('aliyun ram CreatePolicyVersion ');
    expect(expand(flag(update!, 'PolicyName')!)).toBe(expand(flag(policy!, 'PolicyName')!));
    expect(flag(update!, 'PolicyDocument')).toBe('$(cat ram-policy.json)');
    expect(flag(update!, 'RotateStrategy')).toBe('DeleteOldestNonDefaultVersionWhenLimitExceeded');
  });

  it('adds the s access alias s.yaml names, with the AccountID s.yaml reads', () => {
    const [add] = command('s config add ');
    expect(add).toBeDefined();
    expect(/ -a (\S+)/.exec(add!)?.[1]).toBe(sYaml.access);
    expect(flag(add!, 'AccountID')).toBe('$ALIBABA_CLOUD_ACCOUNT_ID');
    expect(exported.has('ALIBABA_CLOUD_ACCOUNT_ID')).toBe(true);
    for (const key of ['AccessKeyID', 'AccessKeySecret']) expect(flag(add!, key), key).toBeDefined();
  });

  it("gives s only flags that the installed Serverless Devs declares (it once said -kl/-il: s 3 knows --kl/--il only)", () => {
    // the options s declares, read from its bundle (commander's .option("-a, --access <aliasName>", ...))
    const lib = join(ROOT, 'node_modules/@serverless-devs/s/lib/index.js');
    expect(statSync(lib).size).toBeLessThan(64 * 1024 * 1024);
    const declared = new Set([...readFileSync(lib, 'utf8').matchAll(/\.option\("([^"]+)"/g)].flatMap((m) => m[1]!.split(/[ ,|]+/).filter((f) => f.startsWith('-'))));
    expect(declared).toContain('--AccessKeyID');
    expect(declared).not.toContain('-kl');
    const sCommands = commands.filter((c) => c.startsWith('s '));
    expect(sCommands.length).toBeGreaterThanOrEqual(4);
    const used = sCommands.flatMap((c) => [...c.replace(/"[^"]*"/g, '""').matchAll(/(?:^|\s)(-{1,2}[A-Za-z][\w-]*)/g)].map((m) => m[1]!));
    expect(used).toEqual(expect.arrayContaining(['-a', '--AccountID', '-y']));
    expect(used.filter((f) => !declared.has(f))).toEqual([]);
  });

  it('installs the package only from a tarball: ossedge is not on the npm registry, and a package of that name there is not ours', () => {
    const installs = command('npm install');
    expect(installs.length).toBeGreaterThan(0);
    for (const c of installs) expect(c, c).toMatch(/^npm install(?: \.\/ossedge-[\d.]+\.tgz)?$/);
    expect(read('README.md')).not.toMatch(/^npm install ossedge\b/m);
  });

  it('passes RAM policy documents within the RAM limit (6,144 bytes for CreatePolicy and CreatePolicyVersion)', () => {
    expect(Buffer.byteLength(read('ram-policy.json'))).toBeLessThanOrEqual(6144);
  });

  it('exports every variable s.yaml requires (no default), the region s.yaml reads, and reports under the lifecycle rule', () => {
    const uncommented = read('s.yaml').split('\n').filter((line) => !line.trim().startsWith('#')).join('\n');
    const required = [...uncommented.matchAll(/\$\{env\('(\w+)'\)\}/g)].map((m) => m[1]!);
    expect(required).toEqual(expect.arrayContaining(['OSSEDGE_CONFIG', 'OSSEDGE_REPORTS', 'OSSEDGE_WEBHOOK_SECRET']));
    for (const name of required) expect(exported.has(name), name).toBe(true);
    expect(sYaml.vars.region).toMatch(/^\$\{env\('OSSEDGE_REGION', '[a-z0-9-]+'\)\}$/);
    expect(exported.has('OSSEDGE_REGION')).toBe(true);
    expect(expand(exported.get('OSSEDGE_CONFIG')!)).toMatch(/^oss:\/\/[a-z0-9-]+\/[^/]+\.yaml$/);
    expect(expand(exported.get('OSSEDGE_REPORTS')!)).toMatch(/^oss:\/\/[a-z0-9-]+\/.*\/$/);
  });

  it('expires exactly <OSSEDGE_REPORTS prefix>_state/, and the functions cannot write a lifecycle configuration', () => {
    type Rule = { ID: string; Prefix: string; Status: string; Expiration: { Days: string } };
    const parser = new XMLParser({ parseTagValue: false });
    const xml = parser.parse(read('deploy/lifecycle-state.xml')) as { LifecycleConfiguration: { Rule: Rule } };
    const rule = xml.LifecycleConfiguration.Rule;
    // PutBucketLifecycle: a rule ID of at most 255 bytes, Days a positive integer
    expect(rule.ID).toMatch(/^[\w.-]{1,255}$/);
    expect(rule.Expiration.Days).toMatch(/^[1-9]\d*$/);
    // the merged example the guide shows is well-formed and carries the file's rule as it is
    const example = /```xml\n([\s\S]*?)```/.exec(guide)?.[1];
    const merged = (parser.parse(example!) as { LifecycleConfiguration: { Rule: Rule[] } }).LifecycleConfiguration.Rule;
    expect(merged.length).toBe(2);
    expect(merged[1]).toEqual(rule);
    const reportsPrefix = expand(exported.get('OSSEDGE_REPORTS')!).replace(/^oss:\/\/[^/]+\//, '');
    expect(rule.Prefix).toBe(`${reportsPrefix}_state/`);
    expect(rule.Status).toBe('Enabled');
    expect(Number(rule.Expiration.Days)).toBeGreaterThan(0);
    // the rule expires invocation markers too: never before FC stops retrying their invocation (sweep-state.ts)
    expect(Number(rule.Expiration.Days) * 24 * 3600_000).toBeGreaterThanOrEqual(DONE_KEEP_MS);
    const put = command('ossutil api put-bucket-lifecycle ');
    expect(put.map((c) => flag(c, 'lifecycle-configuration'))).toEqual(['file://deploy/lifecycle-state.xml', 'file://lifecycle-merged.xml']);
    expect(command('ossutil api get-bucket-lifecycle ').length).toBeGreaterThan(0);
    const actions = (JSON.parse(read('ram-policy.json')) as { Statement: Array<{ Action: string[] }> }).Statement.flatMap((s) => s.Action);
    expect(actions.filter((a) => /lifecycle|^oss:\*$|^\*$/i.test(a))).toEqual([]);
  });

  it('names every folder the shipped code writes under _state/, all of them short-lived (the lifecycle rule expires them)', () => {
    // a new folder under _state/ (say, state that must persist) fails here: the lifecycle rule would expire it
    const folders = new Set<string>();
    for (const top of ['functions', 'shared']) {
      for (const file of readdirSync(join(ROOT, top), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))) {
        // literal keys, and the folders shared/state/keys.ts names from STATE_FOLDER ('_state/')
        for (const m of read(join(top, file)).matchAll(/(?:_state\/|\$\{STATE_FOLDER\})([a-z-]+)\//g)) folders.add(m[1]!);
      }
    }
    expect([...folders].sort()).toEqual(['apply-config', 'deliveries', 'invocations', 'leases', 'refresh-stale-objects']);
    const step5 = guide.slice(guide.indexOf('## 5.'), guide.indexOf('## 6.'));
    for (const folder of folders) expect(step5, folder).toContain(`(\`${folder}/\`)`);
  });

  it('creates and fills the buckets it names, deploys, and asks s for resources that s.yaml has', () => {
    expect(command('ossutil mb ').map((c) => c.split(' ')[2])).toEqual(['oss://$CONFIG_BUCKET', 'oss://$REPORTS_BUCKET']);
    expect(command('ossutil cp ossedge.yaml $OSSEDGE_CONFIG')).toHaveLength(1);
    expect(command('s deploy')).toHaveLength(1);
    // "creates the five functions of s.yaml (apply-config, ...)": the list is s.yaml's
    const listed = /creates the \w+ functions of `s\.yaml`\s*\(([^)]+)\)/.exec(guide)?.[1]?.split(',').map((n) => n.trim());
    expect(listed).toEqual(Object.values(sYaml.resources).map((r) => r.props.functionName));
    const infos = command('s ').filter((c) => / info$/.test(c)).map((c) => c.split(' ')[1]!);
    expect(infos).toEqual(['apply-config']);
    expect(guide).toContain('`s ossedge-health info`');
    for (const name of [...infos, 'ossedge-health']) expect(sYaml.resources[name], name).toBeDefined();
    expect(sYaml.resources['apply-config']!.props.triggers!.find((t) => t.triggerName === 'webhook')?.triggerType).toBe('http');
    expect(sYaml.resources['ossedge-health']!.props.triggers!.find((t) => t.triggerName === 'status')?.triggerType).toBe('http');
    expect(command('npx ossedge plan -c ossedge.yaml')).toHaveLength(2);
    expect(command('npx ossedge doctor')).toHaveLength(1);
  });
});

describe("s.yaml's pre-deploy step (deploy/ensure-bundles.mjs)", () => {
  const work = mkdtempSync(join(tmpdir(), 'ossedge-predeploy-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const run = (cwd: string) => spawnSync(process.execPath, ['deploy/ensure-bundles.mjs'], { cwd, encoding: 'utf8', timeout: 30_000 });

  it('is what s.yaml runs, in s.yaml\'s folder', () => {
    expect(sYaml.actions['pre-deploy']).toEqual([{ run: 'node deploy/ensure-bundles.mjs', path: './' }]);
  });

  it('outside a checkout, deploys the packed bundles: passes when every code folder has its index.mjs, fails naming the missing one', () => {
    // the deploy folder docs/deploy.md makes from an installed package: s.yaml, deploy/ and dist/
    const folder = join(work, 'from-package');
    mkdirSync(folder);
    cpSync(join(ROOT, 's.yaml'), join(folder, 's.yaml'));
    cpSync(join(ROOT, 'deploy'), join(folder, 'deploy'), { recursive: true });
    const codes = Object.values(sYaml.resources).map((r) => r.props.code);
    expect(codes.length).toBe(5);
    for (const code of codes) {
      mkdirSync(join(folder, code), { recursive: true });
      writeFileSync(join(folder, code, 'index.mjs'), 'export const handler = async () => ({});\n');
    }
    const ok = run(folder);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain(`ossedge pre-deploy: deploying the built bundles of ${codes.join(', ')}`);

    rmSync(join(folder, 'dist/audit-referer/index.mjs'));
    const missing = run(folder);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('no built bundle in ./dist/audit-referer;');
  });

  it('refuses an s.yaml it should not read (missing, oversized, not a regular file) without reading it', () => {
    const folder = join(work, 'hostile');
    cpSync(join(ROOT, 'deploy'), join(folder, 'deploy'), { recursive: true });
    const missing = run(folder);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('s.yaml not found');
    writeFileSync(join(folder, 's.yaml'), `code: ./dist/x\n${' '.repeat(1024 * 1024)}`);
    const huge = run(folder);
    expect(huge.status).toBe(1);
    expect(huge.stderr).toContain('s.yaml is larger than 1048576 bytes');
    rmSync(join(folder, 's.yaml'));
    spawnSync('mkfifo', [join(folder, 's.yaml')]);
    const fifo = run(folder);
    expect(fifo.status).toBe(1);
    expect(fifo.stderr).toContain('s.yaml is not a regular file');
  });

  it("never runs a scripts/build.mjs that is not ossedge's (a user's folder with its own build): checks the bundles instead", () => {
    const folder = join(work, 'own-build');
    mkdirSync(join(folder, 'scripts'), { recursive: true });
    mkdirSync(join(folder, 'functions'));
    cpSync(join(ROOT, 'deploy'), join(folder, 'deploy'), { recursive: true });
    writeFileSync(join(folder, 's.yaml'), "resources:\n  a:\n    props:\n      code: './dist/a'   # quoted, with a comment\n");
    writeFileSync(join(folder, 'scripts/build.mjs'), "import { writeFileSync } from 'node:fs'; writeFileSync('ran', ''); console.log('their build');\n");
    const cases: Array<[string, string | undefined]> = [['no package.json', undefined], ['another package', '{"name":"my-site"}'], ['a broken one', '{"name":"ossedge"'], ['a FIFO', 'fifo']];
    for (const [what, pkg] of cases) {
      rmSync(join(folder, 'package.json'), { force: true });
      if (pkg === 'fifo') spawnSync('mkfifo', [join(folder, 'package.json')]);
      else if (pkg !== undefined) writeFileSync(join(folder, 'package.json'), pkg);
      const r = run(folder);
      expect(existsSync(join(folder, 'ran')), what).toBe(false);
      expect(r.status, what).toBe(1);
      expect(r.stderr, what).toContain('no built bundle in ./dist/a;');
    }
    mkdirSync(join(folder, 'dist/a'), { recursive: true });
    writeFileSync(join(folder, 'dist/a/index.mjs'), '');
    const ok = run(folder);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toBe('ossedge pre-deploy: deploying the built bundles of ./dist/a\n');
  });

  it('in a checkout, runs the build and passes on its exit code', () => {
    // a stand-in build script: the real one takes a minute and is covered by the bundle tests
    const checkout = join(work, 'checkout');
    mkdirSync(join(checkout, 'scripts'), { recursive: true });
    mkdirSync(join(checkout, 'functions'));
    writeFileSync(join(checkout, 'package.json'), '{"name":"ossedge","version":"0.1.0"}');
    cpSync(join(ROOT, 'deploy'), join(checkout, 'deploy'), { recursive: true });
    writeFileSync(join(checkout, 'scripts/build.mjs'), "console.log('built'); process.exit(Number(process.env.BUILD_EXIT ?? 0));\n");
    const built = run(checkout);
    expect(built.status, built.stderr).toBe(0);
    expect(built.stdout).toBe('built\n');
    const failed = spawnSync(process.execPath, ['deploy/ensure-bundles.mjs'], { cwd: checkout, encoding: 'utf8', env: { ...process.env, BUILD_EXIT: '7' } });
    expect(failed.status).toBe(7);
  });
});
