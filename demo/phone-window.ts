/**
 * The demo's phone window: opened from `<phone-bar>` ("Open phone window") in
 * SIP mode, it takes the phone shared by the CRM's tabs — the registration and
 * the calls' media — so the CRM pages can be reloaded or left during a call.
 * Same SIP settings as the CRM page (its query string, or the saved form).
 */
import './process-shim.js';
import { MemoryBackend } from '../src/adapter/memory/index.js';
import { loadSipSoftphone } from '../src/telephony/sip/index.js';
import { setDefaultWorkbench } from '../src/workbench/default-workbench.js';
import { createWorkbench } from '../src/workbench/workbench.js';
import { readSipSettings, toSipConfig } from './sip-settings.js';
import '../components/define.js';

const params = new URLSearchParams(location.search);
const status = document.querySelector<HTMLParagraphElement>('#phone-window-status')!;
document.documentElement.lang = params.get('lang') ?? localStorage.getItem('callpop-demo:lang') ?? 'zh-CN';
const settings = readSipSettings(params);
if (!settings) {
  status.textContent = 'No SIP account is set up: the phone window is for the SIP mode of the demo.';
} else {
  const softphone = await loadSipSoftphone(toSipConfig(settings), { role: 'phone-window' });
  const workbench = createWorkbench({ adapter: new MemoryBackend({ latencyMs: 50 }), softphone, namespace: 'demo' });
  setDefaultWorkbench(workbench);
  Object.assign(window, { callpop: { workbench, softphone } });
  softphone.on((event) => {
    if (event.type === 'location') status.textContent = event.location === 'here' ? 'This window is the phone.' : 'Waiting for the phone…';
  });
  await workbench.start();
  status.textContent = softphone.location() === 'here' ? 'This window is the phone.' : 'Waiting for the tab that has the phone to finish its call…';
  await softphone.register().catch((error: unknown) => console.warn('demo: registration failed', error));
}
