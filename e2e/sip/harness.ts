/**
 * The end-to-end tests' agent page: the same wiring as the demo (MemoryBackend,
 * workbench, default workbench, `<call-pop>`) on a real SIP softphone.
 *
 * `?ws=ws://127.0.0.1:8080&uri=sip:1001@127.0.0.1&user=1001&password=x&dtmf=info&latency=0`
 * `&prewarm=ring|register|none&loss=<connectionLossTimeoutMs>`. Exposes `window.callpop = { workbench, softphone, backend, events, sip }`,
 * `events` being every softphone event seen (for assertions on snapshots such as `confirmed`),
 * `sip()` the page's own SIP softphone, `diag()` its diagnostics (`sipDiagnostics` of callpop/testing),
 * both null where another page holds the phone.
 * `&sharing=tabs` shares one phone between the pages of the browser profile (callpop's default;
 * the other scenarios give each page its own), `&role=phone-window` makes the page the phone window.
 */
import './process-shim.js';
import { MemoryBackend } from '../../src/adapter/memory/index.js';
import { loadSipSoftphone, SharedSoftphone, type DtmfMode, type MediaPrewarm, type SipConfig, type SipSoftphone } from '../../src/telephony/sip/index.js';
import type { SoftphoneEvent } from '../../src/telephony/softphone.js';
import { sipDiagnostics } from '../../src/testing.js';
import { setDefaultWorkbench } from '../../src/workbench/default-workbench.js';
import { agentModule } from '../../src/workbench/agent.js';
import { createWorkbench } from '../../src/workbench/workbench.js';
import '../../components/define.js';

const params = new URLSearchParams(location.search);
const status = document.querySelector<HTMLParagraphElement>('#status')!;
const latency = Number(params.get('latency') ?? 0);
const backend = new MemoryBackend({ latencyMs: Number.isFinite(latency) ? latency : 0 });
const config: SipConfig = {
  server: params.get('ws') ?? 'ws://127.0.0.1:8080',
  uri: params.get('uri') ?? 'sip:1001@127.0.0.1',
  authorizationUsername: params.get('user') ?? undefined,
  password: params.get('password') ?? undefined,
  dtmfMode: (params.get('dtmf') as DtmfMode | null) ?? 'rfc4733',
  prewarmMedia: (params.get('prewarm') as MediaPrewarm | null) ?? 'ring',
  requestTimeoutMs: Number(params.get('timeout') ?? 10_000),
  reconnect: { baseMs: Number(params.get('backoff') ?? 1000), maxMs: 30_000 },
  // `&loss=4000`: a call whose connection to Kamailio dropped ends as connection-lost after this long.
  ...(params.has('loss') ? { connectionLossTimeoutMs: Number(params.get('loss')) } : {}),
};
const softphone =
  params.get('sharing') === 'tabs'
    ? await loadSipSoftphone(config, { role: params.get('role') === 'phone-window' ? 'phone-window' : 'tab' })
    : await loadSipSoftphone(config, { sharing: 'none' });
const sip = (): SipSoftphone | null => (softphone instanceof SharedSoftphone ? (softphone.local as SipSoftphone | null) : softphone);
const events: Array<SoftphoneEvent & { at: number }> = [];
softphone.on((event) => {
  events.push({ ...event, at: Date.now() });
  if (event.type === 'registration') status.textContent = `${event.registration.state}${event.registration.reason ? `: ${event.registration.reason}` : ''}`;
});
// `&storage=local`: the agent status and drafts in localStorage, shared by the profile's tabs.
const storage = params.get('storage') === 'local' ? localStorage : null;
const workbench = createWorkbench({ adapter: backend, softphone, namespace: `e2e-${params.get('user') ?? 'x'}`, storage });
setDefaultWorkbench(workbench);
// `?bar=1`: the agent's page, with <phone-bar> (and so the agent module: status, after-call
// work, "busy when not ready"). Other extensions in the tests are plain phones.
const agent = params.get('bar') === '1' ? workbench.use(agentModule) : null;
if (agent) document.body.prepend(document.createElement('phone-bar'));
// The page's SIP diagnostics (callpop/testing), or null where another page holds the phone.
const diag = () => sipDiagnostics(sip());
Object.assign(window, { callpop: { workbench, softphone, backend, events, agent, sip, diag } });
await workbench.start();
await softphone.register().catch((error: unknown) => {
  status.textContent = `failed: ${String(error)}`;
});
