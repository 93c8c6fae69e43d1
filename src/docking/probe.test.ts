import { expect } from '@open-wc/testing';
import { probeReachable } from './probe.js';

/** A same-origin frame whose document has its own Content-Security-Policy. */
async function frameWithCsp(policy: string): Promise<HTMLIFrameElement> {
  const frame = document.createElement('iframe');
  frame.srcdoc = `<!doctype html><meta http-equiv="Content-Security-Policy" content="${policy}"><p>csp</p>`;
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  document.body.append(frame);
  await loaded;
  return frame;
}

describe('docking page reachability probe', () => {
  it('says a server that answers is reachable, whatever its status', async () => {
    expect(await probeReachable(`http://127.0.0.1:${location.port}/no-such-page.html`), 'reachable: the test server answering 404').to.equal(true);
  });

  it('says a closed port is not reachable', async () => {
    expect(await probeReachable('http://127.0.0.1:1/'), 'reachable: a closed port').to.equal(false);
  });

  it('does not blame the page when the CRM page’s own connect-src blocks the probe', async () => {
    const frame = await frameWithCsp("connect-src 'none'");
    try {
      const win = frame.contentWindow as Window & typeof globalThis;
      const blocked = await probeReachable(`http://127.0.0.1:${location.port}/x.html`, undefined, {
        fetch: (input, init) => win.fetch(input, init),
        events: win.document,
      });
      expect(blocked, 'reachable: a server the page\'s CSP blocked (the violation was heard)').to.equal(true);
      // Without the violation report the same failure counts as unreachable.
      const unheard = await probeReachable(`http://127.0.0.1:${location.port}/x.html`, undefined, {
        fetch: (input, init) => win.fetch(input, init),
        events: null,
      });
      expect(unheard, 'reachable: the same blocked fetch with no violation report').to.equal(false);
    } finally {
      frame.remove();
    }
  });

  it('reports nothing for an aborted probe', async () => {
    const controller = new AbortController();
    controller.abort();
    expect(await probeReachable('http://127.0.0.1:1/', controller.signal), 'reachable (so no "unreachable" notice) for an aborted probe').to.equal(true);
  });
});
