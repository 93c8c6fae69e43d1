// `npm run demo:sip`: the demo on a real SIP server. Starts Kamailio (SIP over
// WebSocket) on 127.0.0.1 and the demo server, and prints two pages to open:
// the agent (extension 1001, with the screen pop) and a "customer phone"
// (extension 1002) that can call the agent. Ctrl-C stops both (by their pids).
import { execFileSync } from 'node:child_process';
import { Kamailio } from '../e2e/sip/lib.mjs';
import { startDemoServer } from './serve-demo.mjs';

function installed(program) {
  try {
    execFileSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

if (!installed('kamailio')) {
  console.error(
    'demo:sip needs Kamailio with its WebSocket module (Debian: apt-get install kamailio kamailio-websocket-modules).\n' +
      'Without a SIP server, `npm start` runs the demo on the simulated phone.',
  );
  process.exit(1);
}

const kamailio = new Kamailio();
let server;
let port;
try {
  await kamailio.start();
  ({ server, port } = await startDemoServer(Number(process.env.PORT ?? 8000)));
} catch (error) {
  console.error(`demo:sip could not start: ${error.message} (set PORT to use another port)`);
  await kamailio.kill();
  kamailio.cleanup();
  process.exit(1);
}
const page = (path, user) =>
  `http://127.0.0.1:${port}/demo/${path}?ws=${encodeURIComponent(kamailio.ws)}&uri=${encodeURIComponent(`sip:${user}@127.0.0.1`)}&user=${user}`;

console.log(`Kamailio: ${kamailio.ws} (SIP on udp/tcp 127.0.0.1:${kamailio.sipPort})`);
console.log(`Agent 1001 (pop + phone bar):   ${page('', '1001')}`);
console.log(`Customer phone 1002 (dial 1001): ${page('customer-phone.html', '1002')}`);
console.log('Ctrl-C to stop.');

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await server.stop().catch(() => undefined);
  await kamailio.kill();
  kamailio.cleanup();
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
