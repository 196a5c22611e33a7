import { fork, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FcHandler } from '../../local/fc-runner/index.ts';

// A plain Node process that imports a bundle and calls its handler, as FC's nodejs20 runtime would.
const HOST = `
let handler;
process.on('message', async ({ id, event, context }) => {
  try {
    handler ??= (await import(process.env.OSSEDGE_TEST_BUNDLE)).handler;
    const result = await handler(Buffer.from(event, 'base64'), context);
    process.send({ id, ok: true, result: Buffer.isBuffer(result) ? { buffer: result.toString('base64') } : { value: result } });
  } catch (e) {
    process.send({ id, ok: false, error: { name: e?.name, message: e?.message } });
  }
});
`;

/** An FcHandler that runs `bundle` in a child process started (with `env()`) on the first call. */
export function childProcessHandler(dir: string, bundle: string, env: () => Record<string, string>): FcHandler & { stop(): void } {
  let child: ChildProcess | undefined;
  let next = 0;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const start = () => {
    const host = join(dir, 'fc-host.mjs');
    writeFileSync(host, HOST);
    child = fork(host, [], { env: { PATH: process.env.PATH ?? '', ...env(), OSSEDGE_TEST_BUNDLE: bundle }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    child.on('message', (m: { id: number; ok: boolean; result?: { buffer?: string; value?: unknown }; error?: { name: string; message: string } }) => {
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (!p) return;
      if (m.ok) p.resolve(m.result?.buffer !== undefined ? Buffer.from(m.result.buffer, 'base64') : m.result?.value);
      else p.reject(Object.assign(new Error(m.error?.message), { name: m.error?.name }));
    });
  };
  const handler = (event: Buffer, context: unknown) => {
    if (!child) start();
    const id = next++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      child!.send({ id, event: event.toString('base64'), context });
    });
  };
  return Object.assign(handler, { stop: () => child?.kill() });
}
