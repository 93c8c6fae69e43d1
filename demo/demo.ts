/**
 * The demo CRM page: callpop embedded in a small fake CRM, on the in-memory
 * backend and the simulated softphone.
 *
 * URL parameters:
 * - `?simulate=inbound:+8613800138000` or `?simulate=outbound:+8613800138000` rings a call on load;
 * - `?backend=rest` serves the in-memory backend over the REST API through msw and uses the REST adapter;
 * - `?latency=150` sets the simulated backend latency in ms;
 * - `?lang=en` picks the language;
 * - `?ws=ws://127.0.0.1:8080&uri=sip:1001@127.0.0.1&user=1001&password=…` registers a real SIP
 *   account (sip.js, loaded on demand) instead of the simulated phone; the "SIP account" form
 *   keeps the same settings in this browser. The SIP phone is shared by every tab of the demo
 *   (one registration), and `<phone-bar>` offers the phone window (demo/phone-window.html).
 */
import './process-shim.js';
import { MemoryBackend } from '../src/adapter/memory/index.js';
import type { BackendAdapter } from '../src/adapter/backend-adapter.js';
import { createRestAdapter } from '../src/adapter/rest/index.js';
import { formatPhone } from '../src/phone/index.js';
import { loadSipSoftphone } from '../src/telephony/sip/index.js';
import { SimulatedSoftphone } from '../src/telephony/simulated-softphone.js';
import type { Softphone, SoftphoneCall } from '../src/telephony/softphone.js';
import { checkSipSettings, readSipSettings, saveSipSettings, toSipConfig } from './sip-settings.js';
import { setDefaultWorkbench } from '../src/workbench/default-workbench.js';
import { createWorkbench } from '../src/workbench/workbench.js';
import '../components/define.js';

const params = new URLSearchParams(location.search);
const latency = Number(params.get('latency') ?? 150);
// Record titles the backend writes follow the page's language, as a CRM's would follow the agent's.
const backend = new MemoryBackend({ latencyMs: Number.isFinite(latency) ? latency : 150, locale: () => document.documentElement.lang });
// The phone bar's extras, as an admin would configure them: the survey hand-over, ACW extension, the queue indicator.
backend.setPhoneSettings({
  survey: { mode: 'refer', target: '9000', headers: { 'X-Survey': 'csat' } },
  acw: { extendStepSeconds: 30, maxSeconds: 180 },
  queue: { warnWaiting: 5, warnLongestWaitSeconds: 90 },
});
let adapter: BackendAdapter = backend;
if (params.get('backend') === 'rest') {
  const { startMockBackend } = await import('../src/adapter/msw/index.js');
  await startMockBackend(backend, { baseUrl: '/api' });
  adapter = createRestAdapter({ baseUrl: '/api' });
}

const langSelect = document.querySelector<HTMLSelectElement>('#lang')!;
const lang = params.get('lang') ?? localStorage.getItem('callpop-demo:lang') ?? 'zh-CN';
document.documentElement.lang = lang;
langSelect.value = lang === 'en' ? 'en' : 'zh-CN';
langSelect.addEventListener('change', () => {
  document.documentElement.lang = langSelect.value;
  localStorage.setItem('callpop-demo:lang', langSelect.value);
});

// ---------------------------------------------------------------- the phone

const sipSettings = readSipSettings(params);
const simulated = new SimulatedSoftphone({ inboundTimeoutMs: 45_000 });
const softphone: Softphone = sipSettings ? await loadSipSoftphone(toSipConfig(sipSettings)) : simulated;
// In SIP mode the phone is shared by this profile's tabs, and the phone window can take it.
const workbench = createWorkbench({
  adapter,
  softphone,
  namespace: 'demo',
  ...(sipSettings ? { phoneWindowUrl: `./phone-window.html${location.search}` } : {}),
});
setDefaultWorkbench(workbench);
// Exposed for automation (end-to-end tests, the console).
Object.assign(window, { callpop: { workbench, softphone, backend } });
await workbench.start();
await softphone.register().catch((error: unknown) => console.warn('demo: registration failed', error));
document.querySelector<HTMLElement>('#simulated-phone')!.hidden = Boolean(sipSettings);

const sipForm = document.querySelector<HTMLFormElement>('#sip-form')!;
const sipError = document.querySelector<HTMLParagraphElement>('#sip-error')!;
for (const [name, value] of Object.entries(sipSettings ?? {})) {
  const input = sipForm.elements.namedItem(name);
  if (input instanceof HTMLInputElement) input.value = value;
}
sipForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const data = new FormData(sipForm);
  const settings = {
    ws: String(data.get('ws') ?? '').trim(),
    uri: String(data.get('uri') ?? '').trim(),
    user: String(data.get('user') ?? '').trim(),
    password: String(data.get('password') ?? ''),
  };
  const problem = settings.ws ? checkSipSettings(settings) : null;
  sipError.textContent = problem ?? '';
  if (problem) return;
  saveSipSettings(settings.ws ? settings : null);
  location.search = '';
});
document.querySelector('#sip-clear')!.addEventListener('click', () => {
  saveSipSettings(null);
  location.search = '';
});

// ---------------------------------------------------------------- host events

// "Open the customer's records" from a contact plan: show that customer's latest call.
document.addEventListener('callpop-open-customer', (event) => {
  const { phone } = event.detail;
  const match = Object.values(workbench.stores.$calls.get()).find((call) => call?.number === phone);
  if (match) workbench.selectCall(match.callId);
  document.querySelector('#current-call')?.scrollIntoView({ block: 'nearest' });
});

const log = document.querySelector<HTMLOListElement>('#event-log')!;
document.addEventListener('callpop-pop', (event) => {
  const item = document.createElement('li');
  item.textContent = `callpop-pop: ${event.detail.direction} ${formatPhone(event.detail.number)}`;
  log.prepend(item);
  document.querySelector('#current-call')?.scrollIntoView({ block: 'nearest' });
});

// ---------------------------------------------------------------- simulated phone

const numberInput = document.querySelector<HTMLInputElement>('#simulate-number')!;
document.querySelector('#simulate-form')!.addEventListener('submit', (event) => {
  event.preventDefault();
  simulated.simulateInbound(numberInput.value);
});
document.querySelector('#simulate-outbound')!.addEventListener('click', () => {
  workbench.dial(numberInput.value).catch((error: unknown) => alert(String(error)));
});
for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-number]')) {
  button.addEventListener('click', () => simulated.simulateInbound(button.dataset['number'] ?? ''));
}

const controls = document.querySelector<HTMLDivElement>('#call-controls')!;
function button(label: string, run: () => Promise<void> | void): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  b.addEventListener('click', () => void run());
  return b;
}
function renderControls(): void {
  controls.replaceChildren(
    ...simulated.calls().map((call: SoftphoneCall) => {
      const box = document.createElement('div');
      box.className = 'call';
      const title = document.createElement('div');
      title.textContent = `${call.direction === 'inbound' ? '⬇' : '⬆'} ${formatPhone(call.remoteNumber)} — ${call.state}`;
      const row = document.createElement('div');
      row.className = 'row';
      if (call.state === 'ringing') {
        row.append(
          button('Answer', () => workbench.answer(call.id)),
          button('Reject', () => workbench.reject(call.id)),
          button('Caller hangs up', () => simulated.simulateRemoteHangup(call.id)),
        );
      } else {
        if (call.state === 'connected' || call.state === 'held') {
          row.append(button(call.state === 'held' ? 'Resume' : 'Hold', () => workbench.hold(call.id, call.state !== 'held')));
        }
        if (call.state === 'dialing' || call.state === 'early') {
          row.append(button('Customer answers', () => simulated.simulateRemoteAnswer(call.id)));
        }
        row.append(
          button('Hang up', () => workbench.hangup(call.id)),
          button('Customer hangs up', () => simulated.simulateRemoteHangup(call.id)),
        );
        if (call.state === 'connected' || call.state === 'held') {
          row.append(
            call.link === 'lost'
              ? button('Network back', () => simulated.simulateTransportBack())
              : button('Network drops', () => simulated.simulateTransportLost()),
          );
        }
      }
      box.append(title, row);
      return box;
    }),
  );
}
simulated.on(renderControls);

// The simulated call center around the agent: callers queue up and leave, the line's quality moves,
// and the IVR scores a call handed to the survey a few seconds later.
let queueTick = 0;
const pushQueue = (): void => {
  queueTick += 1;
  const wave = (n: number): number => Math.round((Math.sin(queueTick / n) + 1) * 3);
  backend.setQueueStats({
    at: new Date().toISOString(),
    queues: [
      { id: 'billing', name: { 'zh-CN': '账单', en: 'Billing' }, waiting: wave(3), longestWaitSeconds: wave(3) * 25 },
      { id: 'delivery', name: { 'zh-CN': '物流', en: 'Delivery' }, waiting: wave(5), longestWaitSeconds: wave(5) * 18 },
    ],
  });
};
pushQueue();
setInterval(pushQueue, 5_000);
setInterval(() => {
  for (const call of simulated.calls()) {
    if (call.state !== 'connected') continue;
    const rough = Math.random() < 0.15;
    simulated.simulateQuality(call.id, {
      rttMs: Math.round((rough ? 280 : 60) + Math.random() * 40),
      jitterMs: Math.round((rough ? 25 : 4) + Math.random() * 6),
      lossPercent: Math.round((rough ? 1.5 : 0) + Math.random() * 0.4 * 10) / 10,
    });
  }
}, 2_000);
simulated.on((event) => {
  if (event.type !== 'call' || event.call.state !== 'ended' || event.call.endReason !== 'transferred') return;
  if (simulated.transfers.get(event.call.id) !== '9000') return;
  const callId = event.call.id;
  setTimeout(() => {
    try {
      backend.recordSurveyScore(callId, 4 + Math.round(Math.random()), 5);
    } catch (error) {
      console.warn('demo: no record for the surveyed call yet', error);
    }
  }, 6_000);
});

// ---------------------------------------------------------------- click-to-dial

const list = document.querySelector<HTMLUListElement>('#customer-list')!;
adapter.customers.search('1', { limit: 12 }).then(
  (page) => {
    list.replaceChildren(
      ...page.items.map((customer) => {
        const li = document.createElement('li');
        const name = document.createElement('span');
        name.textContent = `${customer.name} ${customer.phones[0] ? formatPhone(customer.phones[0]) : ''}`;
        li.append(name);
        const phone = customer.phones[0];
        if (phone) li.append(button('📞 Call', () => workbench.dial(phone).then(() => undefined)));
        return li;
      }),
    );
  },
  (error: unknown) => {
    list.textContent = `Could not load customers: ${String(error)}`;
  },
);

// ---------------------------------------------------------------- ?simulate=

const simulate = params.get('simulate');
if (simulate) {
  const [direction, ...rest] = simulate.split(':');
  const number = rest.join(':');
  if (direction === 'inbound' && !sipSettings) simulated.simulateInbound(number);
  else if (direction === 'outbound') void workbench.dial(number);
}
