/**
 * The demo CRM page: callpop embedded in a small fake CRM, on the in-memory
 * backend and the simulated softphone.
 *
 * URL parameters:
 * - `?simulate=inbound:+8613800138000` or `?simulate=outbound:+8613800138000` rings a call on load;
 * - `?backend=rest` serves the in-memory backend over the REST API through msw and uses the REST adapter;
 * - `?latency=150` sets the simulated backend latency in ms;
 * - `?lang=en` picks the language.
 */
import './process-shim.js';
import { MemoryBackend } from '../src/adapter/memory/index.js';
import type { BackendAdapter } from '../src/adapter/backend-adapter.js';
import { createRestAdapter } from '../src/adapter/rest/index.js';
import { formatPhone } from '../src/phone/index.js';
import { SimulatedSoftphone } from '../src/telephony/simulated-softphone.js';
import type { SoftphoneCall } from '../src/telephony/softphone.js';
import { setDefaultWorkbench } from '../src/workbench/default-workbench.js';
import { createWorkbench } from '../src/workbench/workbench.js';
import '../components/define.js';

const params = new URLSearchParams(location.search);
const latency = Number(params.get('latency') ?? 150);
const backend = new MemoryBackend({ latencyMs: Number.isFinite(latency) ? latency : 150 });
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

const softphone = new SimulatedSoftphone({ inboundTimeoutMs: 45_000 });
const workbench = createWorkbench({ adapter, softphone, namespace: 'demo' });
setDefaultWorkbench(workbench);
// Exposed for automation (end-to-end tests, the console).
Object.assign(window, { callpop: { workbench, softphone, backend } });
await softphone.register();
void workbench.start();

// ---------------------------------------------------------------- host events

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
  softphone.simulateInbound(numberInput.value);
});
document.querySelector('#simulate-outbound')!.addEventListener('click', () => {
  workbench.dial(numberInput.value).catch((error: unknown) => alert(String(error)));
});
for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-number]')) {
  button.addEventListener('click', () => softphone.simulateInbound(button.dataset['number'] ?? ''));
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
    ...softphone.calls().map((call: SoftphoneCall) => {
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
          button('Caller hangs up', () => softphone.simulateRemoteHangup(call.id)),
        );
      } else {
        if (call.state === 'connected' || call.state === 'held') {
          row.append(button(call.state === 'held' ? 'Resume' : 'Hold', () => workbench.hold(call.id, call.state !== 'held')));
        }
        if (call.state === 'dialing' || call.state === 'early') {
          row.append(button('Customer answers', () => softphone.simulateRemoteAnswer(call.id)));
        }
        row.append(
          button('Hang up', () => workbench.hangup(call.id)),
          button('Customer hangs up', () => softphone.simulateRemoteHangup(call.id)),
        );
      }
      box.append(title, row);
      return box;
    }),
  );
}
softphone.on(renderControls);

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
  if (direction === 'inbound') softphone.simulateInbound(number);
  else if (direction === 'outbound') void workbench.dial(number);
}
