/** @jsxRuntime automatic */
/** @jsxImportSource react */
/**
 * The React 19 example page: callpop's elements in a React app. What it shows:
 * - properties: React 19 sets a prop as a DOM property when the element has one,
 *   so `workbench={workbench}` hands over the object and `theme={theme}` the
 *   string; `call-id` / `list-position` (not properties) become attributes.
 *   The elements are defined (`components/define.js`) before React renders, so
 *   React sees their properties;
 * - events: `oncallpop-pop={handler}` — React 19 listens for the event named
 *   after `on`, exactly (`onCallpopPop` would listen for "CallpopPop");
 * - refs: the element instance, to call its methods and to add a listener
 *   (a callback ref with a cleanup, React 19).
 *
 * `?lang=zh-CN` picks the language. The pragmas above select React's automatic
 * JSX runtime whatever the compiler's defaults.
 */
import '../process-shim.js';
import { StrictMode, useCallback, useEffect, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import '../../components/define.js';
import type { CallPop } from '../../components/call-pop/call-pop.js';
import type { PhoneBar } from '../../components/phone-bar/phone-bar.js';
import type { CallpopHangupRequestEvent } from '../../components/phone-bar/hangup-request-event.js';
import { MemoryBackend, SEED_IDS } from '../../src/adapter/memory/index.js';
import type {} from '../../components/frameworks/react.js';
import { formatPhone } from '../../src/phone/index.js';
import { SimulatedSoftphone } from '../../src/telephony/simulated-softphone.js';
import type { CallpopPopEvent, PopDetail } from '../../src/workbench/events.js';
import { createWorkbench, type Workbench } from '../../src/workbench/workbench.js';

type Theme = 'light' | 'dark' | undefined;
type Lang = 'en' | 'zh-CN';

const CALLERS = [
  { label: '张伟 (VIP)', number: SEED_IDS.zhangWeiPhone },
  { label: 'Emily Carter', number: SEED_IDS.emilyCarterPhone },
  { label: 'Unknown caller', number: SEED_IDS.unknownPhone },
] as const;

function App({ workbench, softphone, initialLang }: { workbench: Workbench; softphone: SimulatedSoftphone; initialLang: Lang }) {
  const [theme, setTheme] = useState<Theme>(undefined);
  const [lang, setLang] = useState<Lang>(initialLang);
  const [showMyCalls, setShowMyCalls] = useState(true);
  const [confirmHangup, setConfirmHangup] = useState(false);
  const [call, setCall] = useState<PopDetail | null>(null);
  const [pops, setPops] = useState(0);
  const [log, setLog] = useState<readonly string[]>([]);
  const popRef = useRef<CallPop>(null);

  // The elements follow the document's language and re-render when it changes.
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const note = useCallback((line: string) => setLog((lines) => [line, ...lines].slice(0, 20)), []);

  // Event prop: React 19 adds a `callpop-pop` listener for `oncallpop-pop`.
  const onPop = useCallback(
    (event: CallpopPopEvent) => {
      setCall(event.detail);
      setPops((count) => count + 1);
      note(`callpop-pop: ${event.detail.direction} ${formatPhone(event.detail.number)}`);
      // A ref gives the element itself: call its (DOM) methods.
      popRef.current?.scrollIntoView({ block: 'nearest' });
    },
    [note],
  );

  // The other way to listen: a callback ref that adds the listener and returns its cleanup.
  // Kept in a ref so the listener reads the latest choice without re-attaching.
  const confirmRef = useRef(confirmHangup);
  useEffect(() => {
    confirmRef.current = confirmHangup;
  }, [confirmHangup]);
  const phoneBarRef = useCallback(
    (bar: PhoneBar | null) => {
      if (!bar) return undefined;
      const onHangupRequest = (event: CallpopHangupRequestEvent): void => {
        note(`callpop-hangup-request: ${event.detail.callId}`);
        if (confirmRef.current && !window.confirm('Hang up this call?')) event.preventDefault();
      };
      bar.addEventListener('callpop-hangup-request', onHangupRequest);
      return () => bar.removeEventListener('callpop-hangup-request', onHangupRequest);
    },
    [note],
  );

  return (
    <div className="framework-demo">
      <header className="crm-header">
        <strong>callpop in React 19</strong>
        <nav aria-label="Examples">
          <a href="../index.html">CRM demo</a>
          <a href="../vue/index.html">Vue example</a>
        </nav>
        <label>
          Theme{' '}
          <select
            id="theme"
            value={theme ?? ''}
            onChange={(event) => {
              const value = event.target.value;
              setTheme(value === 'light' || value === 'dark' ? value : undefined);
            }}
          >
            <option value="">System</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </label>
        <label>
          Language{' '}
          <select id="lang" value={lang} onChange={(event) => setLang(event.target.value === 'zh-CN' ? 'zh-CN' : 'en')}>
            <option value="en">English</option>
            <option value="zh-CN">中文</option>
          </select>
        </label>
      </header>
      <main className="crm-main">
        <aside className="softphone" aria-label="Phone">
          <phone-bar ref={phoneBarRef} workbench={workbench} theme={theme} />
          <section aria-labelledby="ring-title">
            <h2 id="ring-title">Simulated phone</h2>
            <div className="row">
              {CALLERS.map((caller) => (
                <button key={caller.number} type="button" onClick={() => softphone.simulateInbound(caller.number)}>
                  Ring: {caller.label}
                </button>
              ))}
            </div>
          </section>
          <label className="hint check">
            <input type="checkbox" checked={confirmHangup} onChange={(event) => setConfirmHangup(event.target.checked)} /> Ask before
            hanging up (cancels callpop-hangup-request)
          </label>
          <label className="hint check">
            <input type="checkbox" checked={showMyCalls} onChange={(event) => setShowMyCalls(event.target.checked)} /> Show "My calls"
          </label>
          <h2>Events React heard</h2>
          <ol id="event-log" className="event-log" aria-live="polite">
            {log.map((line, index) => (
              <li key={`${log.length - index}`}>{line}</li>
            ))}
          </ol>
        </aside>
        <section className="current-call" aria-labelledby="react-call-title">
          <h2 id="react-call-title">Current call (React state)</h2>
          {call ? (
            <dl id="react-call">
              <dt>Number</dt>
              <dd id="caller-number">{call.number}</dd>
              <dt>Direction</dt>
              <dd id="caller-direction">{call.direction}</dd>
              <dt>Pops so far</dt>
              <dd id="pop-count">{pops}</dd>
            </dl>
          ) : (
            <p id="no-call" className="hint">
              No call yet: ring one from the simulated phone.
            </p>
          )}
          {call ? (
            <>
              <h3>&lt;customer-card call-id=&#123;call.callId&#125;&gt;</h3>
              <customer-card workbench={workbench} theme={theme} call-id={call.callId} />
            </>
          ) : null}
          <h3>&lt;call-pop&gt;</h3>
          <call-pop
            ref={popRef}
            workbench={workbench}
            theme={theme}
            list-position={showMyCalls ? 'start' : 'none'}
            oncallpop-pop={onPop}
          />
        </section>
      </main>
    </div>
  );
}

const params = new URLSearchParams(location.search);
const lang: Lang = params.get('lang') === 'zh-CN' ? 'zh-CN' : 'en';
document.documentElement.lang = lang;

const backend = new MemoryBackend({ latencyMs: 150 });
const softphone = new SimulatedSoftphone({ inboundTimeoutMs: 45_000 });
const workbench = createWorkbench({ adapter: backend, softphone, namespace: 'demo-react' });
// Exposed for automation and the console.
Object.assign(window, { callpop: { workbench, softphone, backend } });
await workbench.start();
await softphone.register();

createRoot(document.querySelector('#root')!).render(
  <StrictMode>
    <App workbench={workbench} softphone={softphone} initialLang={lang} />
  </StrictMode>,
);
