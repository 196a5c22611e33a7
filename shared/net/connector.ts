import type { Socket } from 'node:net';
import type { AddressInfo } from './address.ts';
import { type Dialer, connectTcp } from './dial.ts';
import { type TlsSummary, type TlsVerifyOptions, tlsFailure, upgradeTls } from './tls.ts';

/** What the last connection setup measured and saw. */
export interface ConnectionInfo {
  connect: number;
  tls: number;
  tlsSummary?: TlsSummary;
}

export interface PinnedConnectorOptions extends TlsVerifyOptions {
  dialer?: Dialer;
  verifyTls?: boolean;
  /** Time left for connect + handshake, asked at each connection. */
  timeoutMs: () => number;
  signal?: AbortSignal;
}

type ConnectCallback = (...args: [null, Socket] | [Error, null]) => void;

/**
 * An undici `connect` function that ignores the host name undici was given and always opens the
 * pinned address (no second DNS lookup can happen), then runs TLS with SNI and verification against
 * the host name. An untrusted certificate fails the connection unless verifyTls is false.
 */
export function pinnedConnector(
  protocol: string,
  host: string,
  remote: AddressInfo & { port: number },
  options: PinnedConnectorOptions,
  info: ConnectionInfo,
): (opts: unknown, callback: ConnectCallback) => void {
  return (_opts, callback) => {
    (async () => {
      const tcp = await connectTcp(remote, { dialer: options.dialer, timeoutMs: options.timeoutMs(), signal: options.signal });
      info.connect = tcp.connectMs;
      if (protocol !== 'https:') return tcp.socket;
      const up = await upgradeTls(tcp.socket, host, { ...options, timeoutMs: options.timeoutMs(), alpn: ['http/1.1'] });
      info.tls = up.tlsMs;
      info.tlsSummary = up.tls;
      if (!up.tls.authorized && options.verifyTls !== false) {
        up.socket.destroy();
        throw tlsFailure(host, up.tls);
      }
      return up.socket;
    })().then(
      (socket) => callback(null, socket),
      (err: Error) => callback(err, null),
    );
  };
}
