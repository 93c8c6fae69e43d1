// Servers started by callpop's dev tools (demo, tests, benchmarks) listen on
// 127.0.0.1 only. @web/dev-server leaves the host unset for "localhost" and
// "127.0.0.1", which would listen on every interface; this fills it in.
import net from 'node:net';

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function listenOnLoopback(...args) {
  const [first] = args;
  if (first && typeof first === 'object' && !Array.isArray(first) && first.host === undefined && first.path === undefined) {
    args[0] = { ...first, host: '127.0.0.1' };
  } else if (typeof first === 'number' && (args.length === 1 || typeof args[1] === 'function')) {
    args.splice(1, 0, '127.0.0.1');
  }
  return listen.apply(this, args);
};
