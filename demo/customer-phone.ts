/**
 * The "customer phone" of `npm run demo:sip`: a second SIP extension with only a
 * phone bar, registered from the URL (`?ws=…&uri=sip:1002@…&user=1002`).
 */
import './process-shim.js';
import { MemoryBackend } from '../src/adapter/memory/index.js';
import { loadSipSoftphone } from '../src/telephony/sip/index.js';
import { setDefaultWorkbench } from '../src/workbench/default-workbench.js';
import { createWorkbench } from '../src/workbench/workbench.js';
import '../components/phone-bar/define.js';
import { checkSipSettings, readSipSettings, toSipConfig } from './sip-settings.js';

const error = document.querySelector<HTMLParagraphElement>('#phone-error')!;
const settings = readSipSettings(new URLSearchParams(location.search));
const problem = settings ? checkSipSettings(settings) : 'Open this page with ?ws=…&uri=sip:1002@…&user=1002 (npm run demo:sip prints the link).';
if (problem || !settings) {
  error.textContent = problem ?? '';
} else {
  const softphone = await loadSipSoftphone(toSipConfig(settings), { sharing: 'none' });
  const workbench = createWorkbench({ adapter: new MemoryBackend({ seed: 'empty' }), softphone, storage: null, namespace: 'customer-phone' });
  setDefaultWorkbench(workbench);
  Object.assign(window, { callpop: { workbench, softphone } });
  await workbench.start();
  await softphone.register().catch((reason: unknown) => {
    error.textContent = `Could not register: ${String(reason)}`;
  });
}
