import { type Socket, connect } from 'node:net';
import type { AddressInfo } from './address.ts';
import { NetError, toNetError } from './errors.ts';
import { type ResolvePinnedOptions, resolvePinned } from './guard.ts';

export interface DialTarget extends AddressInfo {
  port: number;
}

/**
 * Opens the TCP socket to an already checked address. Injectable so that tests can make any
 * connection to a non-loopback address impossible (and count the attempts).
 */
export type Dialer = (target: DialTarget) => Socket;

export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

export const defaultDialer: Dialer = ({ address, port, family }) => connect({ host: address, port, family });

export interface ConnectOptions {
  dialer?: Dialer;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Connects to exactly `target`; resolves with the socket and the time the TCP handshake took. */
export function connectTcp(target: DialTarget, options: ConnectOptions = {}): Promise<{ socket: Socket; connectMs: number }> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const details = { address: target.address, port: target.port };
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new NetError('NET_ABORTED', 'connect aborted', details));
      return;
    }
    const started = performance.now();
    let socket: Socket;
    try {
      socket = (options.dialer ?? defaultDialer)(target);
    } catch (err) {
      reject(toNetError(err, details));
      return;
    }
    const done = (err?: NetError) => {
      clearTimeout(timer);
      socket.off('connect', onConnect);
      socket.off('error', onError);
      options.signal?.removeEventListener('abort', onAbort);
      if (err) {
        socket.destroy();
        reject(err);
      } else resolve({ socket, connectMs: performance.now() - started });
    };
    const onConnect = () => done();
    const onError = (err: Error) => done(toNetError(err, details));
    const onAbort = () => done(new NetError('NET_ABORTED', 'connect aborted', details));
    const timer = setTimeout(
      () => done(new NetError('NET_CONNECT_TIMEOUT', `connect to ${target.address}:${target.port} took longer than ${timeoutMs} ms`, details)),
      timeoutMs,
    );
    socket.once('connect', onConnect);
    socket.once('error', onError);
    options.signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export interface TcpProbeOptions extends ResolvePinnedOptions, ConnectOptions {}

export interface TcpProbeResult {
  host: string;
  port: number;
  address: string;
  family: 4 | 6;
  dnsMs: number;
  connectMs: number;
}

/** Resolves, guards and opens a TCP connection, then closes it: "is something listening there, and how fast". */
export async function probeTcp(host: string, port: number, options: TcpProbeOptions = {}): Promise<TcpProbeResult> {
  const target = await resolvePinned(host, options);
  const { socket, connectMs } = await connectTcp({ ...target.pinned, port }, options);
  socket.destroy();
  return { host: target.host, port, ...target.pinned, dnsMs: target.dnsMs, connectMs };
}
