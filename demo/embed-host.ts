/**
 * The iframe-mode demo: a CRM page that shows callpop in an iframe on another
 * origin (`127.0.0.1` ↔ `localhost`, same port) through the host script, with
 * the backend on the host side (`adapter: { kind: 'host' }`, answered from an
 * in-memory CRM here) and the simulated phone.
 *
 * URL parameters:
 * - `?lang=en` picks the language;
 * - `?timeout=3000` is how long the frame waits for this page's adapter (default 5000 ms);
 * - `?frame=<url of embed.html>` embeds another callpop (default: this server under the other loopback name).
 */
import './process-shim.js';
import type { BackendAdapter } from '../src/adapter/backend-adapter.js';
import type { Customer } from '../src/adapter/types.js';
import { MemoryBackend } from '../src/adapter/memory/index.js';
import { createCallpopFrame, type EmbedEvent, type EmbedTheme } from '../src/embed/host.js';
import { formatPhone, loadPhoneSupport } from '../src/phone/index.js';

void loadPhoneSupport().catch(() => undefined);
const params = new URLSearchParams(location.search);
const timeoutMs = Number(params.get('timeout') ?? 5000);

// ---------------------------------------------------------------- the host-side adapter

// Record titles the backend writes follow the frame's language (the select below).
const backend = new MemoryBackend({ latencyMs: 120, locale: () => document.querySelector<HTMLSelectElement>('#lang')?.value ?? 'zh-CN' });
let hangLookups = false;
/** The CRM's own data, answered in this page; "never answer" leaves customer lookups hanging. */
const adapter: BackendAdapter = Object.assign(Object.create(backend) as BackendAdapter, {
  customers: {
    ...backend.customers,
    findByPhone: (phone: string, options?: { signal?: AbortSignal }) =>
      hangLookups ? new Promise<readonly Customer[]>(() => {}) : backend.customers.findByPhone(phone, options),
  },
  subscribe: backend.subscribe.bind(backend),
});

// ---------------------------------------------------------------- the frame

const frameUrl = new URL(params.get('frame') ?? '/embed/embed.html', location.href);
if (!params.get('frame')) {
  // Another origin on the same server, so the frame really is cross-origin.
  frameUrl.hostname = location.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
}
const lang = params.get('lang') ?? localStorage.getItem('callpop-demo:lang') ?? 'zh-CN';
const langSelect = document.querySelector<HTMLSelectElement>('#lang')!;
const themeSelect = document.querySelector<HTMLSelectElement>('#theme')!;
langSelect.value = lang === 'en' ? 'en' : 'zh-CN';
document.querySelector('#frame-origin')!.textContent = frameUrl.origin;
document.querySelector('#host-origin')!.textContent = location.origin;
document.querySelector('#timeout')!.textContent = String(Math.round(timeoutMs / 100) / 10);

const frame = createCallpopFrame({
  container: document.querySelector('#frame-container')!,
  src: frameUrl.href,
  config: { adapter: { kind: 'host' }, simulate: true, locale: langSelect.value, theme: 'auto' },
  adapter,
  requestTimeoutMs: Number.isFinite(timeoutMs) ? timeoutMs : 5000,
  title: 'callpop softphone',
});
// Exposed for automation (end-to-end tests, the console).
Object.assign(window, { embedDemo: { frame, backend, events: [] as EmbedEvent[] } });
const seen = (window as unknown as { embedDemo: { events: EmbedEvent[] } }).embedDemo.events;

langSelect.addEventListener('change', () => {
  localStorage.setItem('callpop-demo:lang', langSelect.value);
  void frame.configure({ locale: langSelect.value });
});
themeSelect.addEventListener('change', () => void frame.configure({ theme: themeSelect.value as EmbedTheme }));

// ---------------------------------------------------------------- events

const log = document.querySelector<HTMLOListElement>('#event-log')!;
function logLine(text: string): void {
  const item = document.createElement('li');
  item.textContent = text;
  log.prepend(item);
}
const liveCalls = new Set<string>();
let lastCall: string | null = null;
frame.on('ready', (event) => {
  seen.push(event);
  logLine(`ready: ${event.agent?.name ?? 'no agent'}, ${event.phone} phone`);
});
frame.on('pop', (event) => {
  seen.push(event);
  const who = event.customer ? event.customer.name : event.lookup === 'error' ? `lookup failed (${event.error ?? ''})` : 'unknown caller';
  logLine(`pop: ${event.call.direction} ${formatPhone(event.call.number)} → ${who}`);
});
frame.on('call.state', (event) => {
  seen.push(event);
  if (event.call.state === 'ended') liveCalls.delete(event.call.callId);
  else liveCalls.add(event.call.callId);
  lastCall = event.call.callId;
  logLine(`call.state: ${formatPhone(event.call.number)} ${event.previous ?? '—'} → ${event.call.state}`);
});
frame.on('agent.status', (event) => {
  seen.push(event);
  logLine(`agent.status: ${event.status}${event.breakReasonId ? ` (${event.breakReasonId})` : ''}`);
});
frame.on('summary.saved', (event) => {
  seen.push(event);
  logLine(`summary.saved: call ${event.callId}`);
});
frame.on('ticket.created', (event) => {
  seen.push(event);
  logLine(`ticket.created: ${event.ticket.number} ${event.ticket.title}`);
});
frame.on('error', (event) => {
  seen.push(event);
  logLine(`error: ${event.code} ${event.message}`);
});

// ---------------------------------------------------------------- controls

const fail = (error: unknown): void => logLine(`command failed: ${error instanceof Error ? error.message : String(error)}`);
const numberInput = document.querySelector<HTMLInputElement>('#simulate-number')!;
document.querySelector('#simulate-form')!.addEventListener('submit', (event) => {
  event.preventDefault();
  frame.simulate({ action: 'inbound', number: numberInput.value }).catch(fail);
});
document.querySelector('#simulate-unknown')!.addEventListener('click', () => {
  frame.simulate({ action: 'inbound', number: '+8613900139000' }).catch(fail);
});
document.querySelector('#answer')!.addEventListener('click', () => frame.answer().catch(fail));
document.querySelector('#hangup')!.addEventListener('click', () => frame.hangup().catch(fail));
document.querySelector('#remote-hangup')!.addEventListener('click', () => {
  const callId = [...liveCalls].pop() ?? lastCall;
  if (callId) frame.simulate({ action: 'remote-hangup', callId }).catch(fail);
});
for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-status]')) {
  button.addEventListener('click', () => frame.setStatus(button.dataset['status'] as 'ready' | 'busy' | 'offline').catch(fail));
}
document.querySelector<HTMLInputElement>('#hang-lookups')!.addEventListener('change', (event) => {
  hangLookups = (event.target as HTMLInputElement).checked;
});

// ---------------------------------------------------------------- click-to-dial

const list = document.querySelector<HTMLUListElement>('#customer-list')!;
backend.customers.search('1', { limit: 12 }).then(
  (page) => {
    list.replaceChildren(
      ...page.items.map((customer) => {
        const li = document.createElement('li');
        const name = document.createElement('span');
        const phone = customer.phones[0];
        name.textContent = `${customer.name} ${phone ? formatPhone(phone) : ''}`;
        li.append(name);
        if (phone) {
          const call = document.createElement('button');
          call.type = 'button';
          call.textContent = '📞 Call';
          call.setAttribute('aria-label', `Call ${customer.name}`);
          call.dataset['dial'] = phone;
          call.addEventListener('click', () => frame.dial(phone).catch(fail));
          li.append(call);
        }
        return li;
      }),
    );
  },
  (error: unknown) => {
    list.textContent = `Could not load customers: ${String(error)}`;
  },
);
