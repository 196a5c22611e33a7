// A throwaway PKI for tests, made with the `openssl` CLI (present wherever node is built and used by
// operators anyway): no extra npm dependency, EC P-256 keys in a few milliseconds, and `openssl ca`
// sets any validity window, which is how an expired certificate is made without faking the clock.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCert {
  key: string;
  cert: string;
}

export interface TestPki {
  /** The test root CA (PEM): pass it as `ca` to trust it. */
  ca: string;
  /** Issued by the test CA for `names`, valid now for 30 days. */
  good: TestCert;
  /** Issued by the test CA for `names`, valid from 2020-01-01 to 2020-02-01. */
  expired: TestCert;
  /** Issued by the test CA, valid now, but only for other.test. */
  wrongHost: TestCert;
  /** Self-signed for `names`. */
  selfSigned: TestCert;
  /** Issued by the test CA for `names`, expires in 5 days. */
  expiringSoon: TestCert;
  /** Issued by a second CA that nobody trusts. */
  unknownIssuer: TestCert;
  /** Issued by an intermediate CA under the test CA; `cert` is the leaf followed by the intermediate. */
  chained: TestCert;
  /** The same leaf without its intermediate (the classic incomplete-chain misconfiguration). */
  leafWithoutIntermediate: TestCert;
  issue(spec: IssueSpec): TestCert;
  cleanup(): void;
}

export interface IssueSpec {
  names: string[];
  days?: number;
  /** openssl dates, e.g. 20200101000000Z. */
  startDate?: string;
  endDate?: string;
  selfSigned?: boolean;
  issuer?: 'test' | 'other' | 'inter';
}

export const DEFAULT_TEST_NAMES = ['origin.test', 'localhost', '127.0.0.1', '127.0.0.2', '::1'];

function san(names: string[]): string {
  return names.map((n) => (/^[\d.]+$|:/.test(n) ? `IP:${n}` : `DNS:${n}`)).join(',');
}

function openssl(cwd: string, args: string[]): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

export function makeTestPki(names: string[] = DEFAULT_TEST_NAMES): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'ossedge-pki-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', cleanup); // also when a run is cut short before its afterAll
  let serial = 1;
  const newKey = (file: string) => openssl(dir, ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', file]);
  const makeCa = (label: string) => {
    newKey(`${label}.key`);
    openssl(dir, ['req', '-x509', '-new', '-key', `${label}.key`, '-subj', `/CN=ossedge ${label} CA`, '-days', '3',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', `${label}.pem`]);
  };
  makeCa('test');
  makeCa('other');
  const makeIntermediate = () => {
    newKey('inter.key');
    openssl(dir, ['req', '-new', '-key', 'inter.key', '-subj', '/CN=ossedge intermediate CA', '-out', 'inter.csr']);
    writeFileSync(join(dir, 'inter.ext'), '[e]\nbasicConstraints = critical,CA:TRUE\nkeyUsage = critical,keyCertSign,cRLSign\n');
    writeFileSync(join(dir, 'serial'), '0fff\n'); // apart from the leaves' serials (101, 102, ...)
    openssl(dir, ['ca', '-batch', '-notext', '-config', 'ca.cnf', '-cert', 'test.pem', '-keyfile', 'test.key',
      '-extfile', 'inter.ext', '-extensions', 'e', '-in', 'inter.csr', '-out', 'inter.pem', '-days', '3']);
  };
  writeFileSync(join(dir, 'ca.cnf'), [
    '[ca]', 'default_ca = d', '[d]', 'dir = .', 'database = index.txt', 'new_certs_dir = .', 'serial = serial',
    'default_md = sha256', 'policy = p', 'unique_subject = no', 'copy_extensions = none', '[p]', 'commonName = supplied', '',
  ].join('\n'));
  writeFileSync(join(dir, 'index.txt'), '');
  makeIntermediate();

  const issue = (spec: IssueSpec): TestCert => {
    const id = `leaf${serial++}`;
    newKey(`${id}.key`);
    const cn = spec.names[0] ?? 'test';
    if (spec.selfSigned) {
      openssl(dir, ['req', '-x509', '-new', '-key', `${id}.key`, '-subj', `/CN=${cn}`, '-days', String(spec.days ?? 30),
        '-addext', `subjectAltName=${san(spec.names)}`, '-out', `${id}.pem`]);
    } else {
      writeFileSync(join(dir, `${id}.ext`), `[e]\nsubjectAltName = ${san(spec.names)}\nbasicConstraints = CA:FALSE\n`);
      writeFileSync(join(dir, 'serial'), `${(serial + 100).toString(16).padStart(2, '0')}\n`);
      openssl(dir, ['req', '-new', '-key', `${id}.key`, '-subj', `/CN=${cn}`, '-out', `${id}.csr`]);
      const issuer = spec.issuer ?? 'test';
      const validity = spec.startDate && spec.endDate
        ? ['-startdate', spec.startDate, '-enddate', spec.endDate]
        : ['-days', String(spec.days ?? 30)];
      openssl(dir, ['ca', '-batch', '-notext', '-config', 'ca.cnf', '-cert', `${issuer}.pem`, '-keyfile', `${issuer}.key`,
        '-extfile', `${id}.ext`, '-extensions', 'e', '-in', `${id}.csr`, '-out', `${id}.pem`, ...validity]);
    }
    return { key: readFileSync(join(dir, `${id}.key`), 'utf8'), cert: readFileSync(join(dir, `${id}.pem`), 'utf8') };
  };

  const chainLeaf = issue({ names, issuer: 'inter' });
  const intermediate = readFileSync(join(dir, 'inter.pem'), 'utf8');
  return {
    ca: readFileSync(join(dir, 'test.pem'), 'utf8'),
    chained: { key: chainLeaf.key, cert: `${chainLeaf.cert}${intermediate}` },
    leafWithoutIntermediate: chainLeaf,
    good: issue({ names }),
    expired: issue({ names, startDate: '20200101000000Z', endDate: '20200201000000Z' }),
    wrongHost: issue({ names: ['other.test'] }),
    selfSigned: issue({ names, selfSigned: true }),
    expiringSoon: issue({ names, days: 5 }),
    unknownIssuer: issue({ names, issuer: 'other' }),
    issue,
    cleanup: () => {
      process.off('exit', cleanup);
      cleanup();
    },
  };
}
