import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';

/** Speak TLS to the test server, trusting its certificate. */
export interface RawTls {
  readonly ca: string;
}

/** A socket to the test server on loopback, once connected (over TLS, once its handshake is done). */
export async function connectRaw(port: number, tls?: RawTls): Promise<Socket> {
  const socket = tls ? connectTls({ host: '127.0.0.1', port, ca: tls.ca, servername: 'localhost' }) : connectTcp({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => {
    socket.once(tls ? 'secureConnect' : 'connect', resolve);
    socket.once('error', reject);
  });
  return socket;
}
