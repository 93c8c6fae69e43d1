/**
 * The frame side of the iframe mode (`embed.html`): listens to the host page
 * (its origin fixed by the `?host=` URL parameter, everything else refused),
 * builds the workbench, the softphone and the elements once the host's first
 * `configure` arrives, forwards events to the host and runs its commands.
 * See `docs/iframe-mode.md`.
 */
import '../define.js';
import type { BackendAdapter } from '../../src/adapter/backend-adapter.js';
import { createRestAdapter } from '../../src/adapter/rest/index.js';
import type { AgentStatus, ServiceSummary } from '../../src/adapter/types.js';
import { withValidation } from '../../src/adapter/validated-adapter.js';
import type { PopState } from '../../src/state/pop-state.js';
import { loadSipSoftphone } from '../../src/telephony/sip/index.js';
import { SimulatedSoftphone } from '../../src/telephony/simulated-softphone.js';
import type { CallState, Softphone, SoftphoneCall } from '../../src/telephony/softphone.js';
import { agentModule } from '../../src/workbench/agent.js';
import { AcwError, DialError, SurveyError, type SurveyErrorCode } from '../../src/workbench/phone.js';
import { setDefaultWorkbench } from '../../src/workbench/default-workbench.js';
import { createWorkbench, type Workbench } from '../../src/workbench/workbench.js';
import { HostAdapter } from '../../src/embed/host-adapter.js';
import {
  createWarner,
  DEFAULT_REQUEST_TIMEOUT_MS,
  exactOrigin,
  parseHostMessage,
  PROTOCOL_VERSION,
  toWireError,
  type EmbedCall,
  type EmbedCommandName,
  type EmbedCommands,
  type EmbedConfig,
  type EmbedConfigUpdate,
  type EmbedEvent,
  type EmbedDensity,
  type EmbedTheme,
  type FrameMessage,
  type WireError,
} from '../../src/embed/protocol.js';

export interface EmbedFrameOptions {
  /** The `?host=` URL parameter: the host page's exact origin. */
  readonly host: string | null;
  /** Where `<phone-bar>` and `<call-pop>` go. */
  readonly container: HTMLElement;
  /** Where the frame says what it waits for or what is wrong (plain text). */
  readonly notice: HTMLElement;
  /** The host page's window (default `window.parent`). */
  readonly parent?: Window;
  /** This frame's window, where messages arrive (default `window`). */
  readonly self?: Window;
  /** Where drafts persist (default `localStorage`). */
  readonly storage?: Storage | null;
}

export interface EmbedFrame {
  /** The workbench once configured. */
  readonly workbench: Workbench | null;
  /** Resolves when the first `configure` was applied (or refused). */
  readonly started: Promise<void>;
  dispose(): void;
}

type NoticeKey = 'no-host' | 'not-framed' | 'waiting' | 'failed';
const NOTICES: { readonly [lang: string]: { readonly [key in NoticeKey]: string } } = {
  en: {
    'no-host': 'This page runs inside a CRM page: open it through the callpop host script (it needs ?host=<the CRM page origin>).',
    'not-framed': 'This page runs inside a CRM page’s iframe; opened on its own it does nothing.',
    waiting: 'Waiting for the CRM page…',
    failed: 'callpop could not start: {reason}',
  },
  zh: {
    'no-host': '此页面需嵌入 CRM 页面使用:请通过 callpop 宿主脚本打开(需要 ?host=<CRM 页面的源>)。',
    'not-framed': '此页面需在 CRM 页面的 iframe 中运行,单独打开时不工作。',
    waiting: '正在等待 CRM 页面…',
    failed: 'callpop 无法启动:{reason}',
  },
};

function noticeText(key: NoticeKey, reason = ''): string {
  const lang = document.documentElement.lang || navigator.language || 'en';
  const table = NOTICES[lang.toLowerCase().startsWith('zh') ? 'zh' : 'en']!;
  return table[key].replace('{reason}', reason);
}

function toEmbedCall(call: SoftphoneCall, pop: PopState | undefined): EmbedCall {
  return {
    callId: call.id,
    direction: call.direction,
    number: pop?.number ?? call.remoteNumber.slice(0, 64),
    state: call.state,
    startedAt: call.startedAt,
    answeredAt: call.answeredAt,
    endedAt: call.endedAt,
  };
}

function popCall(pop: PopState): EmbedCall {
  return {
    callId: pop.callId,
    direction: pop.direction,
    number: pop.number,
    state: pop.state,
    startedAt: pop.startedAt,
    answeredAt: pop.answeredAt,
    endedAt: pop.endedAt,
  };
}

function applyTheme(elements: readonly HTMLElement[], theme: EmbedTheme | undefined): void {
  const value = theme === 'light' || theme === 'dark' ? theme : null;
  for (const element of [document.documentElement, ...elements]) {
    if (value) element.setAttribute(element === document.documentElement ? 'data-theme' : 'theme', value);
    else element.removeAttribute(element === document.documentElement ? 'data-theme' : 'theme');
  }
}

/** `density` on the frame's elements (the elements they render inherit it). */
function applyDensity(elements: readonly HTMLElement[], density: EmbedDensity | undefined): void {
  for (const element of elements) {
    if (density === 'compact' || density === 'comfortable') element.setAttribute('density', density);
    else element.removeAttribute('density');
  }
}

class CommandError extends Error {
  constructor(readonly wire: WireError) {
    super(wire.message);
  }
}
const refuse = (code: WireError['code'], message: string): never => {
  throw new CommandError({ code, message });
};

/** How `transferToSurvey`'s refusals reach the host. */
const SURVEY_ERRORS: { readonly [code in SurveyErrorCode]: WireError['code'] } = {
  'not-configured': 'forbidden',
  'not-answered': 'conflict',
  'not-supported': 'not-supported',
  refused: 'server',
};
/** How `extendAcw`'s refusals reach the host. */
const ACW_ERRORS: { readonly [code in AcwError['code']]: WireError['code'] } = {
  'not-in-acw': 'conflict',
  'not-allowed': 'forbidden',
  'at-limit': 'conflict',
};

/** Start the frame: call once, from the embed page. */
export function startEmbedFrame(options: EmbedFrameOptions): EmbedFrame {
  const self = options.self ?? window;
  const parent = options.parent ?? self.parent;
  const origin = exactOrigin(options.host);
  const { container, notice } = options;
  const show = (text: string | null): void => {
    notice.textContent = text ?? '';
    notice.hidden = text === null;
  };
  const warn = createWarner('frame');
  const cleanups: Array<() => void> = [];
  let hostAdapter: HostAdapter | null = null;
  let softphone: Softphone | null = null;
  let elements: HTMLElement[] = [];
  let config: EmbedConfig | null = null;
  let token: string | undefined;
  let starting: Promise<void> | null = null;
  let disposed = false;
  let workbench: Workbench | null = null;
  let resolveStarted!: () => void;
  const started = new Promise<void>((resolve) => (resolveStarted = resolve));
  const handle: EmbedFrame = {
    get workbench() {
      return workbench;
    },
    started,
    dispose,
  };
  if (!origin) {
    show(noticeText('no-host'));
    return handle;
  }
  if (parent === self) {
    show(noticeText('not-framed'));
    return handle;
  }
  const hostOrigin = origin;


  const post = (message: FrameMessage): void => parent.postMessage(message, hostOrigin);
  const emit = (event: EmbedEvent): void => {
    if (!disposed) post({ callpop: 1, kind: 'event', event });
  };
  const respond = (id: string, outcome: { result: unknown } | { error: WireError }): void => {
    if (!disposed) post({ callpop: 1, kind: 'response', id, ...outcome });
  };

  // ---------------------------------------------------------------- building

  function adapterFor(next: EmbedConfig): BackendAdapter {
    const timeoutMs = next.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    let raw: BackendAdapter;
    if (next.adapter.kind === 'rest') {
      token = next.adapter.token;
      raw = createRestAdapter({
        baseUrl: next.adapter.baseUrl,
        ...(token === undefined ? {} : { token: () => token ?? '' }),
        timeoutMs,
        smartFill: next.adapter.smartFill ?? false,
      });
    } else {
      hostAdapter = new HostAdapter(post, { timeoutMs, smartFill: next.adapter.smartFill ?? false });
      raw = hostAdapter;
    }
    // Hear confirmed summary saves (there is no workbench event for them); validated first, so only good answers are told.
    const checked = withValidation(raw);
    return {
      ...checked,
      summary: {
        ...checked.summary,
        save: async (callId, input, writeOptions): Promise<ServiceSummary> => {
          const summary = await checked.summary.save(callId, input, writeOptions);
          emit({ type: 'summary.saved', callId, summary });
          return summary;
        },
      },
    };
  }

  function wireEvents(wb: Workbench, phone: Softphone): void {
    // pop: once the customer lookup settled, so the host gets the customer with it, and whether
    // the frame shows the call (not while the agent talks on another: call waiting).
    // call.shown: the frame switched to another call whose pop was sent.
    const waitingPops = new Set<string>();
    const popped = new Set<string>();
    let lastShown: string | null = null;
    const showChanged = (): void => {
      const active = wb.stores.$activeCallId.get();
      if (active === null || active === lastShown || !popped.has(active)) return;
      const pop = wb.stores.$calls.get()[active];
      if (!pop) return;
      lastShown = active;
      emit({ type: 'call.shown', call: popCall(pop) });
    };
    const flushPops = (): void => {
      for (const callId of [...waitingPops]) {
        const pop = wb.stores.$calls.get()[callId];
        if (!pop) {
          waitingPops.delete(callId);
          continue;
        }
        const { status, customer, error } = pop.lookup;
        if (status === 'pending') continue;
        waitingPops.delete(callId);
        const shown = wb.stores.$activeCallId.get() === callId;
        popped.add(callId);
        if (shown) lastShown = callId;
        emit({ type: 'pop', call: popCall(pop), customer: status === 'found' ? customer : null, lookup: status, error, shown });
      }
      showChanged();
    };
    const onPop = (event: Event): void => {
      const callId = (event as GlobalEventHandlersEventMap['callpop-pop']).detail.callId;
      waitingPops.add(callId);
      flushPops();
    };
    wb.addEventListener('callpop-pop', onPop);
    cleanups.push(() => wb.removeEventListener('callpop-pop', onPop));
    cleanups.push(wb.stores.$calls.listen(flushPops));
    cleanups.push(wb.stores.$activeCallId.listen(showChanged));

    const onTicket = (event: Event): void => {
      const { ticket, callId } = (event as GlobalEventHandlersEventMap['callpop-ticket-created']).detail;
      emit({ type: 'ticket.created', callId, ticket });
    };
    wb.addEventListener('callpop-ticket-created', onTicket);
    cleanups.push(() => wb.removeEventListener('callpop-ticket-created', onTicket));

    const states = new Map<string, CallState>();
    const onCall = (call: SoftphoneCall): void => {
      const previous = states.get(call.id) ?? null;
      if (previous === call.state) return;
      if (call.state === 'ended') states.delete(call.id);
      else states.set(call.id, call.state);
      emit({ type: 'call.state', call: toEmbedCall(call, wb.stores.$calls.get()[call.id]), previous });
    };
    for (const call of phone.calls()) onCall(call);
    cleanups.push(phone.on((event) => event.type === 'call' && onCall(event.call)));

    let last = wb.stores.$agentStatus.get();
    cleanups.push(
      wb.stores.$agentStatus.listen((status) => {
        if (status.status === last.status && status.breakReasonId === last.breakReasonId) return;
        last = status;
        emit({ type: 'agent.status', status: status.status, breakReasonId: status.breakReasonId });
      }),
    );
  }

  async function build(next: EmbedConfig): Promise<void> {
    const adapter = adapterFor(next);
    const phone: Softphone = next.sip ? await loadSipSoftphone(next.sip) : new SimulatedSoftphone({ inboundTimeoutMs: 45_000 });
    if (disposed) return;
    softphone = phone;
    const wb = createWorkbench({
      adapter,
      softphone: phone,
      namespace: 'embed',
      ...(next.defaultCountry ? { defaultCountry: next.defaultCountry } : {}),
      ...(options.storage === undefined ? {} : { storage: options.storage }),
    });
    workbench = wb;
    setDefaultWorkbench(wb);
    wb.use(agentModule);
    if (next.locale) document.documentElement.lang = next.locale;
    const phoneBar = document.createElement('phone-bar');
    const callPop = document.createElement('call-pop');
    phoneBar.workbench = wb;
    callPop.workbench = wb;
    elements = [phoneBar, callPop];
    applyTheme(elements, next.theme);
    applyDensity(elements, next.density);
    container.replaceChildren(phoneBar, callPop);
    await wb.start();
    wireEvents(wb, phone);
    show(null);
    await phone.register().catch((error: unknown) => {
      emit({ type: 'error', code: 'registration', message: error instanceof Error ? error.message : String(error) });
    });
  }

  async function configure(id: string, update: EmbedConfigUpdate): Promise<void> {
    if (!config) {
      if (starting) {
        // A second configure while the first is still starting: apply it after.
        await starting.catch(() => undefined);
        if (!config) return respond(id, { error: { code: 'conflict', message: 'callpop could not start with the first configuration.' } });
        return configure(id, update);
      }
      if (!update.adapter) return respond(id, { error: { code: 'validation', message: 'The first configure needs `adapter`.', fields: { adapter: 'Required.' } } });
      if (Boolean(update.sip) === Boolean(update.simulate)) {
        return respond(id, { error: { code: 'validation', message: 'The first configure needs either `sip` (a SIP account) or `simulate: true`.', fields: { sip: 'Required.' } } });
      }
      const next = update as EmbedConfig;
      starting = build(next);
      try {
        await starting;
        config = next;
        respond(id, { result: null });
        emit({ type: 'ready', agent: workbench?.stores.$agent.get() ?? null, phone: next.sip ? 'sip' : 'simulated' });
      } catch (error) {
        const wire = toWireError(error);
        const failure = error instanceof TypeError ? { ...wire, code: 'validation' as const } : wire;
        show(noticeText('failed', failure.message));
        respond(id, { error: failure });
      } finally {
        resolveStarted();
      }
      return;
    }
    const changed = Object.keys(update).filter((key) => key !== 'locale' && key !== 'theme' && key !== 'density' && key !== 'adapter');
    const a = update.adapter;
    const current = config.adapter;
    if (
      changed.length > 0 ||
      (a &&
        (a.kind !== current.kind ||
          (a.kind === 'rest' && current.kind === 'rest' && (a.baseUrl !== current.baseUrl || (a.token !== undefined && token === undefined))) ||
          (a.smartFill ?? false) !== (current.smartFill ?? false)))
    ) {
      return respond(id, { error: { code: 'validation', message: 'After the first configure only `locale`, `theme`, `density` and the REST `adapter.token` can change; reload the frame for the rest.' } });
    }
    if (a?.kind === 'rest' && a.token !== undefined) token = a.token;
    if (update.locale) document.documentElement.lang = update.locale;
    if ('theme' in update) applyTheme(elements, update.theme);
    if ('density' in update) applyDensity(elements, update.density);
    config = { ...config, ...update, adapter: a ? { ...current, ...a } as EmbedConfig['adapter'] : current };
    respond(id, { result: null });
  }

  // ---------------------------------------------------------------- commands

  /** `callId`, else the call the frame shows while it is live, else the oldest live call; `none` when there is no call. */
  function currentCall(wb: Workbench, phone: Softphone, callId: string | undefined, none: string): string {
    if (callId !== undefined) return callId;
    const live = phone.calls().filter((call) => call.state !== 'ended');
    const active = wb.stores.$activeCallId.get();
    return (live.some((call) => call.id === active) ? active : live[0]?.id) ?? refuse('not-found', none);
  }

  async function run<C extends EmbedCommandName>(name: C, args: EmbedCommands[C]['args']): Promise<unknown> {
    const wb = workbench;
    const phone = softphone;
    if (!config || !wb || !phone) return refuse('conflict', 'callpop is not configured yet.');
    const callId = (args as { readonly callId?: string }).callId;
    switch (name) {
      case 'dial': {
        try {
          return await wb.dial((args as EmbedCommands['dial']['args']).number);
        } catch (error) {
          if (error instanceof DialError) return refuse('validation', error.message);
          throw error;
        }
      }
      case 'setStatus': {
        const { status, breakReasonId } = args as EmbedCommands['setStatus']['args'];
        try {
          wb.setStatus(status as AgentStatus, breakReasonId ?? null);
        } catch (error) {
          if (error instanceof RangeError) return refuse('validation', error.message);
          throw error;
        }
        return null;
      }
      case 'answer': {
        const id = callId ?? phone.calls().find((call) => call.state === 'ringing')?.id;
        if (!id) return refuse('not-found', 'No call is ringing.');
        await wb.answer(id);
        // The call the host answered is the one the frame shows (a waiting call included): call.shown tells the host.
        wb.selectCall(id);
        return null;
      }
      case 'hangup':
        await wb.hangup(currentCall(wb, phone, callId, 'There is no call to hang up.'));
        return null;
      // The phone bar's per-call actions: the same workbench method its buttons call.
      case 'hold':
      case 'resume':
        await wb.hold(currentCall(wb, phone, callId, `There is no call to ${name === 'hold' ? 'put on hold' : 'resume'}.`), name === 'hold');
        return null;
      case 'mute':
      case 'unmute':
        await wb.mute(currentCall(wb, phone, callId, `There is no call to ${name}.`), name === 'mute');
        return null;
      case 'transfer': {
        const id = currentCall(wb, phone, callId, 'There is no call to transfer.');
        try {
          await wb.transfer(id, (args as EmbedCommands['transfer']['args']).target);
        } catch (error) {
          if (error instanceof DialError) return refuse('validation', error.message);
          throw error;
        }
        return null;
      }
      case 'transferToSurvey': {
        const id = currentCall(wb, phone, callId, 'There is no call to transfer to the survey.');
        try {
          await wb.transferToSurvey(id);
        } catch (error) {
          if (error instanceof SurveyError) return refuse(SURVEY_ERRORS[error.code], error.message);
          throw error;
        }
        return null;
      }
      case 'extendAcw':
        try {
          wb.extendAcw();
        } catch (error) {
          if (error instanceof AcwError) return refuse(ACW_ERRORS[error.code], error.message);
          throw error;
        }
        return null;
      default: {
        if (!(phone instanceof SimulatedSoftphone)) return refuse('forbidden', 'simulate works only with the simulated phone (config.simulate).');
        const sim = args as EmbedCommands['simulate']['args'];
        if (sim.action === 'inbound') return phone.simulateInbound(sim.number, sim.name === undefined ? {} : { name: sim.name });
        if (!phone.calls().some((call) => call.id === sim.callId)) return refuse('not-found', `No call ${sim.callId}.`);
        if (sim.action === 'remote-answer') phone.simulateRemoteAnswer(sim.callId);
        else phone.simulateRemoteHangup(sim.callId);
        return null;
      }
    }
  }

  // ---------------------------------------------------------------- messages

  function onMessage(event: MessageEvent): void {
    // Only the host page is listened to; docking pages inside the pop talk to their own bridge.
    if (disposed || event.source !== parent) return;
    if (event.origin !== hostOrigin) {
      warn(event.origin || '(unknown)', 'origin', `this frame was opened for ${hostOrigin}`);
      return;
    }
    const parsed = parseHostMessage(event.data);
    if (!parsed.ok) {
      warn(event.origin, parsed.reason, parsed.detail);
      return;
    }
    const message = parsed.message;
    switch (message.kind) {
      case 'configure':
        void configure(message.id, message.config);
        return;
      case 'command':
        run(message.command, message.args).then(
          (result) => respond(message.id, { result: result ?? null }),
          (error: unknown) => respond(message.id, { error: error instanceof CommandError ? error.wire : toWireError(error) }),
        );
        return;
      default:
        hostAdapter?.receive(message);
    }
  }

  function dispose(): void {
    if (disposed) return;
    disposed = true;
    self.removeEventListener('message', onMessage);
    cleanups.splice(0).forEach((cleanup) => cleanup());
    hostAdapter?.dispose();
    workbench?.dispose();
    softphone?.dispose?.();
    resolveStarted();
  }

  self.addEventListener('message', onMessage);
  show(noticeText('waiting'));
  post({ callpop: 1, kind: 'ready', version: PROTOCOL_VERSION });
  return handle;
}
