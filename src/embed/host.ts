/**
 * `callpop/embed`: the host script for a CRM page that shows callpop in an
 * iframe (the "docking page" mode, see `docs/iframe-mode.md`). A few KB, no
 * other callpop code at run time: it creates the frame, configures it by
 * postMessage (the token and SIP password never go into a URL), sends
 * commands, hears events, and (with `adapter: { kind: 'host' }`) answers the
 * frame's backend calls from an adapter living in the host page.
 *
 * ```ts
 * import { createCallpopFrame } from 'callpop/embed';
 * const callpop = createCallpopFrame({
 *   container: document.querySelector('#softphone')!,
 *   src: 'https://callpop.example.com/embed/embed.html',
 *   config: { adapter: { kind: 'rest', baseUrl: 'https://crm.example.com/callpop/v1', token }, sip: { server, uri, password } },
 * });
 * callpop.on('pop', ({ call, customer }) => openCustomerTab(customer?.id, call.number));
 * dialButton.onclick = () => callpop.dial('+86 138 0013 8000');
 * ```
 *
 * @module callpop/embed
 */
import type { BackendAdapter } from '../adapter/backend-adapter.js';
import type { AdapterErrorCode } from '../adapter/errors.js';
import type { AgentStatus } from '../adapter/types.js';
import {
  adapterMethod,
  ADAPTER_METHODS,
  byteLength,
  createWarner,
  DEFAULT_REQUEST_TIMEOUT_MS,
  exactOrigin,
  isCallpopShaped,
  MAX_MESSAGE_BYTES,
  parseFrameMessage,
  toWireError,
  type EmbedCommandName,
  type EmbedCommands,
  type EmbedConfig,
  type EmbedConfigUpdate,
  type EmbedEvent,
  type EmbedEventType,
  type FrameMessage,
  type HostMessage,
  type SimulateArgs,
  type WireError,
} from './protocol.js';

export type {
  AdapterMethod,
  Answer,
  EmbedCommandName,
  Envelope,
  WireOptions,
  EmbedAdapterConfig,
  EmbedCall,
  EmbedCommands,
  EmbedConfig,
  EmbedConfigUpdate,
  EmbedDensity,
  EmbedEvent,
  EmbedEventType,
  EmbedSipConfig,
  EmbedTheme,
  FrameMessage,
  HostMessage,
  SimulateArgs,
  WireError,
} from './protocol.js';
export { ADAPTER_METHODS, MAX_MESSAGE_BYTES, PROTOCOL_VERSION } from './protocol.js';

export interface CallpopFrameOptions {
  /** Where the iframe goes (appended). */
  readonly container: Element;
  /** The URL of callpop's `embed.html`. The host script adds `?host=<this page's origin>`. */
  readonly src: string;
  /** The frame's exact origin; only its messages are heard (default: the origin of `src`). */
  readonly allowedOrigin?: string;
  readonly config: EmbedConfig;
  /** With `config.adapter.kind === 'host'`: the adapter that answers the frame's backend calls. */
  readonly adapter?: BackendAdapter;
  /** How long the frame waits for `adapter`, and this script for a command (default 10000 ms). */
  readonly requestTimeoutMs?: number;
  /**
   * How long the frame may take, once its page has loaded, to say it is ready
   * and to start with the configuration (default {@link DEFAULT_HANDSHAKE_TIMEOUT_MS}).
   * A slow laptop or a cold cache takes seconds here; a frame that never
   * answers gets a visible error with a retry in `container`.
   */
  readonly handshakeTimeoutMs?: number;
  /** Show the handshake error in `container` (default true); the `error` event and `ready` tell it either way. */
  readonly showErrors?: boolean;
  /** The iframe's accessible title (default `callpop softphone`). */
  readonly title?: string;
}

/** Why a command or `configure` failed (the frame's answer, or `timeout` / `destroyed` here). */
export class CallpopFrameError extends Error {
  override readonly name = 'CallpopFrameError';
  constructor(
    readonly code: AdapterErrorCode | 'destroyed',
    message: string,
    readonly fields: { readonly [key: string]: string } = {},
  ) {
    super(message);
  }
}

/** Hears one type of event from the frame (`frame.on(type, listener)`). */
export type EmbedEventListener<T extends EmbedEventType> = (event: Extract<EmbedEvent, { type: T }>) => void;

export interface CallpopFrame {
  readonly iframe: HTMLIFrameElement;
  /**
   * Resolves once the frame is configured and started (its `ready` event);
   * rejects if `configure` is refused or the frame never answers (code `timeout`).
   * After {@link retry} this is the new attempt's promise.
   */
  readonly ready: Promise<void>;
  /** Load the frame again and redo the handshake (after a handshake error). */
  retry(): void;
  /** Change `locale`, `theme`, `density` or the REST `adapter.token`; other changes are refused. */
  configure(update: EmbedConfigUpdate): Promise<void>;
  /** Click-to-dial: resolves with the call's id once the call exists (an outbound pop opens in the frame). */
  dial(number: string): Promise<string>;
  setStatus(status: AgentStatus, breakReasonId?: string | null): Promise<void>;
  /** Answer the ringing call (or `callId`). */
  answer(callId?: string): Promise<void>;
  /** Hang up the current call (or `callId`). */
  hangup(callId?: string): Promise<void>;
  /** Put the current call (or `callId`) on hold. */
  hold(callId?: string): Promise<void>;
  /** Take the current call (or `callId`) off hold; the other call the agent talks on is held first. */
  resume(callId?: string): Promise<void>;
  /** Mute the agent's microphone on the current call (or `callId`). */
  mute(callId?: string): Promise<void>;
  unmute(callId?: string): Promise<void>;
  /** Blind transfer of the current call (or `callId`) to `target`; rejects with code `validation` for one that cannot be dialled. */
  transfer(target: string, callId?: string): Promise<void>;
  /** Hand the customer on the current call (or `callId`) to the satisfaction survey of the agent's phone settings. */
  transferToSurvey(callId?: string): Promise<void>;
  /** Extend after-call work by the phone settings' step, up to their limit. */
  extendAcw(): Promise<void>;
  /** Only when the frame runs the simulated phone (`config.simulate`): ring a call, or play the customer's side. */
  simulate(args: SimulateArgs): Promise<string | null>;
  /** Hear an event; returns the function that stops listening. */
  on<T extends EmbedEventType>(type: T, listener: EmbedEventListener<T>): () => void;
  /** Stop listening, abort the host adapter's calls in flight, remove the iframe. */
  destroy(): void;
}

/**
 * The `allow` list the frame gets: the microphone for SIP audio, autoplay for the
 * ringtone and remote audio, speaker selection for the phone bar's audio devices,
 * clipboard writes. (`notifications` is not a permissions-policy feature: browsers
 * refuse notification permission to cross-origin frames, so the host page shows its
 * own notification on the `call.state` event if it wants one.)
 */
export const FRAME_ALLOW = 'microphone; autoplay; speaker-selection; clipboard-write';

/** How long a loaded frame may take to say ready and start (30 s: a cold cache on a slow laptop). */
export const DEFAULT_HANDSHAKE_TIMEOUT_MS = 30_000;

const handshakeText = {
  en: { failed: 'callpop did not start', retry: 'Retry' },
  'zh-CN': { failed: 'callpop 未能启动', retry: '重试' },
} as const;

/** Create callpop's iframe in `container` and connect to it. */
export function createCallpopFrame(options: CallpopFrameOptions): CallpopFrame {
  const { adapter } = options;
  if (options.config.adapter.kind === 'host' && !adapter) throw new TypeError('callpop: adapter kind "host" needs the `adapter` option.');
  const url = new URL(options.src, location.href);
  const hostOrigin = location.origin;
  const given = url.searchParams.get('host');
  if (given !== null && given !== hostOrigin) throw new TypeError(`callpop: src says host=${given.slice(0, 100)}, but this page is ${hostOrigin}.`);
  url.searchParams.set('host', hostOrigin);
  const origin = exactOrigin(options.allowedOrigin ?? url.origin);
  if (!origin) throw new TypeError('callpop: allowedOrigin must be an exact http(s) origin such as https://callpop.example.com.');
  const timeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const handshakeMs = options.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS;

  // The full config as last agreed, re-sent if the frame reloads.
  let config: EmbedConfig = {
    ...options.config,
    requestTimeoutMs: timeoutMs,
    adapter: options.config.adapter.kind === 'host' ? { kind: 'host', smartFill: Boolean(adapter?.smartFill) } : options.config.adapter,
  };

  const iframe = document.createElement('iframe');
  iframe.title = options.title ?? 'callpop softphone';
  iframe.allow = FRAME_ALLOW;
  iframe.referrerPolicy = 'origin';
  iframe.src = url.href;
  const warn = createWarner('host');
  const listeners = new Map<string, Set<(event: EmbedEvent) => void>>();
  const pending = new Map<string, { resolve(value: unknown): void; reject(error: Error): void; timer: ReturnType<typeof setTimeout> }>();
  const inflight = new Map<string, AbortController>();
  const subscriptions = new Map<string, () => void>();
  let sequence = 0;
  let destroyed = false;
  /** Resolves when the frame has taken the current config. */
  let configured: Promise<void>;
  let settle: { resolve(): void; reject(error: Error): void };
  const reset = (): void => {
    configured = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    configured.catch(() => undefined);
  };
  reset();
  /** Set while the frame's page has loaded but not yet said `ready`. */
  let watchdog: ReturnType<typeof setTimeout> | undefined;
  /** The frame's page said `ready` before its load event reached us (the usual order). */
  let readyBeforeLoad = false;

  function stopWatchdog(): void {
    clearTimeout(watchdog);
    watchdog = undefined;
  }
  let notice: HTMLElement | null = null;

  function clearNotice(): void {
    notice?.remove();
    notice = null;
  }

  /** The handshake failed: reject `ready`, tell the host, and show it with a retry. */
  function handshakeFailed(error: CallpopFrameError): void {
    stopWatchdog();
    settle.reject(error);
    emit({ type: 'error', code: error.code, message: error.message });
    if (options.showErrors === false || destroyed) return;
    const text = String(config.locale ?? document.documentElement.lang ?? '').toLowerCase().startsWith('zh') ? handshakeText['zh-CN'] : handshakeText.en;
    clearNotice();
    notice = document.createElement('div');
    notice.className = 'callpop-frame-error';
    notice.setAttribute('role', 'alert');
    const message = document.createElement('span');
    message.textContent = `${text.failed}: ${error.message}`;
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = text.retry;
    button.addEventListener('click', () => retry());
    notice.append(message, ' ', button);
    options.container.insertBefore(notice, iframe);
  }

  /** Each time the frame's page loads, it has `handshakeMs` to say it is ready. */
  function onFrameLoad(): void {
    stopWatchdog();
    if (readyBeforeLoad) {
      readyBeforeLoad = false;
      return;
    }
    watchdog = setTimeout(() => {
      handshakeFailed(
        new CallpopFrameError('timeout', `The callpop frame at ${origin} loaded but did not say it was ready within ${handshakeMs} ms; is src callpop's embed.html?`),
      );
    }, handshakeMs);
  }

  function retry(): void {
    if (destroyed) return;
    stopWatchdog();
    readyBeforeLoad = false;
    clearNotice();
    reset();
    // Navigating the frame again: its page loads, says ready, and gets the config.
    iframe.src = url.href;
  }

  const post = (message: HostMessage): void => {
    iframe.contentWindow?.postMessage(message, origin);
  };

  const emit = (event: EmbedEvent): void => {
    for (const listener of [...(listeners.get(event.type) ?? [])]) {
      try {
        listener(event);
      } catch (error) {
        console.error('callpop: an embed event listener threw', error);
      }
    }
  };

  /** Send a configure or command and wait for its answer (within `waitMs`, default the request timeout). */
  function ask(
    message: { kind: 'configure'; config: EmbedConfigUpdate } | { kind: 'command'; command: EmbedCommandName; args: unknown },
    waitMs = timeoutMs,
  ): Promise<unknown> {
    if (destroyed) return Promise.reject(new CallpopFrameError('destroyed', 'The callpop frame was destroyed.'));
    sequence += 1;
    const id = `h${sequence}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new CallpopFrameError('timeout', `The callpop frame did not answer ${message.kind === 'command' ? message.command : 'configure'} within ${waitMs} ms.`));
      }, waitMs);
      pending.set(id, { resolve, reject, timer });
      post({ callpop: 1, id, ...message } as HostMessage);
    });
  }

  function command<C extends EmbedCommandName>(name: C, args: EmbedCommands[C]['args']): Promise<EmbedCommands[C]['result']> {
    return configured.then(() => ask({ kind: 'command', command: name, args }) as Promise<EmbedCommands[C]['result']>);
  }

  /** A command on the current call or `callId`, resolving with nothing. */
  const onCall =
    (name: 'answer' | 'hangup' | 'hold' | 'resume' | 'mute' | 'unmute' | 'transferToSurvey') =>
    (callId?: string): Promise<void> =>
      command(name, callId === undefined ? {} : { callId }).then(() => undefined);

  function respond(id: string, answer: { result: unknown } | { error: WireError }): void {
    let message: HostMessage = { callpop: 1, kind: 'response', id, ...answer };
    const size = byteLength(message);
    if (size === null || size > MAX_MESSAGE_BYTES) {
      message = { callpop: 1, kind: 'response', id, error: { code: 'server', message: size === null ? 'The answer is not plain JSON data.' : `The answer is ${size} bytes, more than ${MAX_MESSAGE_BYTES}.` } };
    }
    try {
      post(message);
    } catch (error) {
      post({ callpop: 1, kind: 'response', id, error: toWireError(error) });
    }
  }

  async function serve(message: Extract<FrameMessage, { kind: 'request' }>): Promise<void> {
    const controller = new AbortController();
    inflight.set(message.id, controller);
    try {
      const fn = adapter ? adapterMethod(adapter, message.method) : null;
      if (!fn) throw { code: 'not-supported', message: `The host page does not serve ${message.method}.` };
      const args = [...message.args];
      while (args.length < ADAPTER_METHODS[message.method]) args.push(undefined);
      const result = await fn(...args, { ...message.options, signal: controller.signal });
      if (!controller.signal.aborted) respond(message.id, { result: result === undefined ? null : result });
    } catch (error) {
      if (!controller.signal.aborted) respond(message.id, { error: toWireError(error) });
    } finally {
      inflight.delete(message.id);
    }
  }

  function onMessage(event: MessageEvent): void {
    if (destroyed || event.source !== iframe.contentWindow || event.source === null) {
      // Not our frame: only callpop-looking data is worth a warning (other widgets post messages too).
      if (isCallpopShaped(event.data)) warn(event.origin || '(unknown)', 'origin', 'not from the callpop frame');
      return;
    }
    if (event.origin !== origin) {
      warn(event.origin || '(unknown)', 'origin', `expected ${origin}`);
      return;
    }
    const parsed = parseFrameMessage(event.data);
    if (!parsed.ok) {
      warn(event.origin, parsed.reason, parsed.detail);
      return;
    }
    const message = parsed.message;
    switch (message.kind) {
      case 'ready': {
        // The frame (re)loaded: only now does it get the config and its secrets. Starting may
        // take a while (its code, the agent, the phone): it has the handshake time, not a request's.
        if (watchdog === undefined) readyBeforeLoad = true;
        stopWatchdog();
        clearNotice();
        if (sequence > 0) reset();
        const attempt = settle;
        ask({ kind: 'configure', config }, handshakeMs).then(
          () => attempt.resolve(),
          (error: Error) => {
            if (attempt !== settle) return;
            if (error instanceof CallpopFrameError && error.code === 'timeout') handshakeFailed(error);
            else {
              settle.reject(error);
              emit({ type: 'error', code: error instanceof CallpopFrameError ? error.code : 'configure', message: error.message });
            }
          },
        );
        return;
      }
      case 'response': {
        const waiting = pending.get(message.id);
        if (!waiting) return;
        pending.delete(message.id);
        clearTimeout(waiting.timer);
        if (message.error) waiting.reject(new CallpopFrameError(message.error.code, message.error.message, message.error.fields));
        else waiting.resolve(message.result);
        return;
      }
      case 'request':
        void serve(message);
        return;
      case 'cancel':
        inflight.get(message.id)?.abort();
        inflight.delete(message.id);
        return;
      case 'subscribe': {
        if (!adapter || subscriptions.has(message.id)) return;
        const id = message.id;
        try {
          subscriptions.set(id, adapter.subscribe(message.types, (push) => post({ callpop: 1, kind: 'push', id, event: push })));
        } catch (error) {
          console.warn('callpop: the host adapter refused a subscription', error);
        }
        return;
      }
      case 'unsubscribe':
        subscriptions.get(message.id)?.();
        subscriptions.delete(message.id);
        return;
      default:
        emit(message.event);
    }
  }

  window.addEventListener('message', onMessage);
  iframe.addEventListener('load', onFrameLoad);
  options.container.append(iframe);

  return {
    iframe,
    get ready() {
      return configured;
    },
    retry,
    configure(update) {
      return configured.then(() => ask({ kind: 'configure', config: update })).then(() => {
        const merged = { ...config, ...update };
        config = update.adapter?.kind === 'rest' && config.adapter.kind === 'rest' ? { ...merged, adapter: { ...config.adapter, ...update.adapter } } : merged;
      });
    },
    dial: (number) => command('dial', { number }),
    setStatus: (status, breakReasonId) => command('setStatus', breakReasonId === undefined ? { status } : { status, breakReasonId }).then(() => undefined),
    answer: onCall('answer'),
    hangup: onCall('hangup'),
    hold: onCall('hold'),
    resume: onCall('resume'),
    mute: onCall('mute'),
    unmute: onCall('unmute'),
    transfer: (target, callId) => command('transfer', callId === undefined ? { target } : { target, callId }).then(() => undefined),
    transferToSurvey: onCall('transferToSurvey'),
    extendAcw: () => command('extendAcw', {}).then(() => undefined),
    simulate: (args) => command('simulate', args),
    on(type, listener) {
      let set = listeners.get(type);
      if (!set) listeners.set(type, (set = new Set()));
      const entry = listener as (event: EmbedEvent) => void;
      set.add(entry);
      return () => void set.delete(entry);
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      stopWatchdog();
      clearNotice();
      iframe.removeEventListener('load', onFrameLoad);
      window.removeEventListener('message', onMessage);
      for (const [, waiting] of pending) {
        clearTimeout(waiting.timer);
        waiting.reject(new CallpopFrameError('destroyed', 'The callpop frame was destroyed.'));
      }
      pending.clear();
      settle.reject(new CallpopFrameError('destroyed', 'The callpop frame was destroyed.'));
      inflight.forEach((controller) => controller.abort());
      inflight.clear();
      subscriptions.forEach((stop) => stop());
      subscriptions.clear();
      listeners.clear();
      iframe.remove();
    },
  };
}
