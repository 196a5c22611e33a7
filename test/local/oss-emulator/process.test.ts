import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

/** The emulator as a child process (`tsx local/oss-emulator/cli.ts`), as `ossedge emulator` runs it. */

const CLI = join(import.meta.dirname, '../../../local/oss-emulator/cli.ts');
const children: ChildProcess[] = [];
const dirs: string[] = [];

interface Running {
  child: ChildProcess;
  endpoint: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

async function startCli(args: string[]): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const first = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once('line', resolve);
    const timer = setTimeout(() => reject(new Error('emulator printed no endpoint line')), 15_000);
    void exited.then(() => reject(new Error('emulator exited before printing its endpoint')));
    rl.once('line', () => clearTimeout(timer));
  });
  expect(first).toMatch(/^endpoint=http:\/\/127\.0\.0\.1:\d+$/);
  return { child, endpoint: first.slice('endpoint='.length), exited };
}

function dataDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'ossedge-emu-'));
  dirs.push(d);
  return d;
}

/** One HTTP exchange; anonymous (the tests use a public-read-write bucket through the admin endpoint). */
function http(method: string, url: string, body?: Buffer): Promise<{ status: number; body: Buffer; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), headers: res.headers }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function publicBucket(endpoint: string, name: string): Promise<void> {
  const res = await http('PUT', `${endpoint}/-/admin/buckets/${name}`, Buffer.from(JSON.stringify({ acl: 'public-read-write' })));
  expect(res.status).toBe(200);
}

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('ossedge emulator (CLI process)', () => {
  it('does print the endpoint first, serve requests and exit 0 on SIGTERM', async () => {
    const emu = await startCli(['--port', '0', '--region', 'cn-shanghai']);
    const res = await http('GET', `${emu.endpoint}/`);
    expect(res.status).toBe(403);
    expect(res.body.toString()).toContain('<Code>AccessDenied</Code>');
    expect(res.headers['x-oss-request-id']).toMatch(/^[0-9A-F]{24}$/);
    emu.child.kill('SIGTERM');
    expect(await emu.exited).toEqual({ code: 0, signal: null });
  });

  it('does exit 0 on SIGINT', async () => {
    const emu = await startCli(['--port', '0']);
    emu.child.kill('SIGINT');
    expect(await emu.exited).toEqual({ code: 0, signal: null });
  });

  it('does exit 2 with usage when a flag is wrong', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, '--access-key-id', 'only-id'], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let err = '';
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(err).toContain('--access-key-id and --access-key-secret go together');
  });

  it('does keep every object byte-identical across a restart with --data', async () => {
    const dir = dataDir();
    const first = await startCli(['--port', '0', '--data', dir, '--admin']);
    await publicBucket(first.endpoint, 'persist');
    const bodies = new Map<string, Buffer>();
    for (let i = 0; i < 20; i++) {
      const body = Buffer.alloc(1 + i * 997, `obj-${i}-\u00ff`);
      const key = `dir ${i % 3}/\u4e2d key+${i}.bin`;
      bodies.set(key, body);
      expect((await http('PUT', `${first.endpoint}/persist/${encodeURIComponent(key)}`, body)).status).toBe(200);
    }
    const before = await http('GET', `${first.endpoint}/persist/?list-type=2&max-keys=1000`);
    first.child.kill('SIGTERM');
    await first.exited;

    const second = await startCli(['--port', '0', '--data', dir]);
    const after = await http('GET', `${second.endpoint}/persist/?list-type=2&max-keys=1000`);
    expect(after.body.toString()).toBe(before.body.toString());
    for (const [key, body] of bodies) {
      const got = await http('GET', `${second.endpoint}/persist/${encodeURIComponent(key)}`);
      expect(got.status).toBe(200);
      expect(createHash('sha256').update(got.body).digest('hex')).toBe(createHash('sha256').update(body).digest('hex'));
      expect(got.headers.etag).toBe(`"${createHash('md5').update(body).digest('hex').toUpperCase()}"`);
    }
  });

  it('does leave no torn object when killed with SIGKILL mid-upload', async () => {
    const dir = dataDir();
    const first = await startCli(['--port', '0', '--data', dir, '--admin']);
    await publicBucket(first.endpoint, 'crash');
    const v1 = Buffer.alloc(256 * 1024, 'version-one ');
    expect((await http('PUT', `${first.endpoint}/crash/big.bin`, v1)).status).toBe(200);

    // Start replacing big.bin with 8 MiB, send 1 MiB, wait until the emulator wrote part of it, kill it.
    const req = request(`${first.endpoint}/crash/big.bin`, { method: 'PUT', headers: { 'Content-Length': String(8 * 1024 * 1024) } });
    req.on('error', () => undefined);
    req.write(Buffer.alloc(1024 * 1024, 'version-two '));
    const tmp = join(dir, 'tmp');
    let partial = 0;
    for (let i = 0; i < 200 && partial === 0; i++) {
      await sleep(20);
      partial = readdirSync(tmp)
        .map((f) => statSync(join(tmp, f)).size)
        .reduce((a, b) => a + b, 0);
    }
    expect(partial).toBeGreaterThan(0);
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    req.destroy();

    const second = await startCli(['--port', '0', '--data', dir]);
    const got = await http('GET', `${second.endpoint}/crash/big.bin`);
    expect(got.status).toBe(200);
    expect(got.body.equals(v1)).toBe(true);
    const list = await http('GET', `${second.endpoint}/crash/?list-type=2`);
    expect(list.body.toString().match(/<Key>/g)).toHaveLength(1);
    expect(readdirSync(tmp)).toEqual([]);
  });
});
