/**
 * The Vue 3 example page: a workbench on the in-memory backend and the
 * simulated phone, handed to the elements by Vue (no page default).
 * `?lang=zh-CN` picks the language.
 */
import '../process-shim.js';
import './vue-flags.js';
import { createApp } from 'vue';
import '../../components/define.js';
import { MemoryBackend } from '../../src/adapter/memory/index.js';
import { SimulatedSoftphone } from '../../src/telephony/simulated-softphone.js';
import { createWorkbench } from '../../src/workbench/workbench.js';
import { CallpopVueDemo } from './app.js';

const params = new URLSearchParams(location.search);
const lang = params.get('lang') === 'zh-CN' ? 'zh-CN' : 'en';
document.documentElement.lang = lang;

const backend = new MemoryBackend({ latencyMs: 150 });
const softphone = new SimulatedSoftphone({ inboundTimeoutMs: 45_000 });
const workbench = createWorkbench({ adapter: backend, softphone, namespace: 'demo-vue' });
// Exposed for automation and the console.
Object.assign(window, { callpop: { workbench, softphone, backend } });
await workbench.start();
await softphone.register();

createApp(CallpopVueDemo, { workbench, softphone, initialLang: lang }).mount('#app');
