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
  /** Resolves once the frame is configured and started (the first `ready` event); rejects if `configure` is refused. */
  readonly ready: Promise<void>;
  /** Change `locale`, `theme` or the REST `adapter.token`; other changes are refused. */
  configure(update: EmbedConfigUpdate): Promise<void>;
  /** Click-to-dial: resolves with the call's id once the call exists (an outbound pop opens in the frame). */
  dial(number: string): Promise<string>;
  setStatus(status: AgentStatus, breakReasonId?: string | null): Promise<void>;
  /** Answer the ringing call (or `callId`). */
  answer(callId?: string): Promise<void>;
  /** Hang up the current call (or `callId`). */
  hangup(callId?: string): Promise<void>;
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
  const ready = configured!;

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

  /** Send a configure or command and wait for its answer. */
  function ask(message: { kind: 'configure'; config: EmbedConfigUpdate } | { kind: 'command'; command: EmbedCommandName; args: unknown }): Promise<unknown> {
    if (destroyed) return Promise.reject(new CallpopFrameError('destroyed', 'The callpop frame was destroyed.'));
    sequence += 1;
    const id = `h${sequence}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new CallpopFrameError('timeout', `The callpop frame did not answer ${message.kind === 'command' ? message.command : 'configure'} within ${timeoutMs} ms.`));
      }, timeoutMs);
      pending.set(id, { resolve, reject, timer });
      post({ callpop: 1, id, ...message } as HostMessage);
    });
  }

  function command<C extends EmbedCommandName>(name: C, args: EmbedCommands[C]['args']): Promise<EmbedCommands[C]['result']> {
    return configured.then(() => ask({ kind: 'command', command: name, args }) as Promise<EmbedCommands[C]['result']>);
  }

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
      if (!fn) throw { code: 'not-found', message: `The host page does not serve ${message.method}.` };
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
      case 'ready':
        // The frame (re)loaded: only now does it get the config and its secrets.
        if (sequence > 0) reset();
        ask({ kind: 'configure', config }).then(
          () => settle.resolve(),
          (error: Error) => {
            settle.reject(error);
            emit({ type: 'error', code: error instanceof CallpopFrameError ? error.code : 'configure', message: error.message });
          },
        );
        return;
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
  options.container.append(iframe);

  return {
    iframe,
    ready,
    configure(update) {
      return configured.then(() => ask({ kind: 'configure', config: update })).then(() => {
        const merged = { ...config, ...update };
        config = update.adapter?.kind === 'rest' && config.adapter.kind === 'rest' ? { ...merged, adapter: { ...config.adapter, ...update.adapter } } : merged;
      });
    },
    dial: (number) => command('dial', { number }),
    setStatus: (status, breakReasonId) => command('setStatus', breakReasonId === undefined ? { status } : { status, breakReasonId }).then(() => undefined),
    answer: (callId) => command('answer', callId === undefined ? {} : { callId }).then(() => undefined),
    hangup: (callId) => command('hangup', callId === undefined ? {} : { callId }).then(() => undefined),
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
