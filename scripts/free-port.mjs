// A free port on 127.0.0.1, asked of the OS (listen on port 0, read it, close).
// The test runner and the end-to-end servers take one, so they never fight the
// demo (`npm start`, port 8000 or PORT) or each other over a port.
import dgram from 'node:dgram';
import net from 'node:net';

function tcpPort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = /** @type {net.AddressInfo} */ (probe.address());
      probe.close(() => resolve(address.port));
    });
  });
}

function udpFree(port) {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', () => resolve(false));
    socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
  });
}

/** A free TCP port on 127.0.0.1 (also free for UDP when `udp` is set). */
export async function freePort({ udp = false } = {}) {
  for (let i = 0; i < 20; i += 1) {
    const port = await tcpPort();
    if (!udp || (await udpFree(port))) return port;
  }
  throw new Error('no free port on 127.0.0.1');
}
