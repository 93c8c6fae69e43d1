/**
 * Desktop notifications for incoming calls while the agent looks at another
 * tab or window. Permission is asked at a moment the agent expects it (when
 * they register or first set themselves ready — both clicks), never on page
 * load. A notification shows only when the page is hidden; clicking it brings
 * the window forward.
 *
 * @packageDocumentation
 */

/** The part of the `Notification` constructor used here (tests pass a fake). */
export interface NotificationApi {
  readonly permission: NotificationPermission;
  requestPermission(): Promise<NotificationPermission>;
  new (title: string, options?: NotificationOptions): NotificationLike;
}

export interface NotificationLike {
  onclick: ((this: Notification, event: Event) => unknown) | null;
  close(): void;
}

export interface CallNotifierOptions {
  /** Default: the browser's `Notification`, when there is one. */
  readonly api?: NotificationApi | null;
  /** Whose visibility decides (default `document`). */
  readonly document?: Pick<Document, 'visibilityState'>;
  /** Focused on click (default `window`). */
  readonly window?: Pick<Window, 'focus'>;
}

export interface IncomingCallNotice {
  readonly callId: string;
  readonly title: string;
  readonly body: string;
}

function browserApi(): NotificationApi | null {
  return typeof Notification === 'undefined' ? null : (Notification as unknown as NotificationApi);
}

export class CallNotifier {
  readonly #api: NotificationApi | null;
  readonly #document: Pick<Document, 'visibilityState'> | null;
  readonly #window: Pick<Window, 'focus'> | null;
  readonly #open = new Map<string, NotificationLike>();
  #asked = false;

  constructor(options: CallNotifierOptions = {}) {
    this.#api = options.api === undefined ? browserApi() : options.api;
    this.#document = options.document ?? (typeof document === 'undefined' ? null : document);
    this.#window = options.window ?? (typeof window === 'undefined' ? null : window);
  }

  /** `granted`, `denied`, `default` (not asked yet) or `unsupported`. */
  get permission(): NotificationPermission | 'unsupported' {
    return this.#api ? this.#api.permission : 'unsupported';
  }

  /**
   * Ask for permission once, if nobody has answered yet. Call it from a user
   * action (register, set ready): browsers ignore or penalise asks without one.
   */
  async requestPermission(): Promise<NotificationPermission | 'unsupported'> {
    const api = this.#api;
    if (!api) return 'unsupported';
    if (api.permission !== 'default' || this.#asked) return api.permission;
    this.#asked = true;
    try {
      return await api.requestPermission();
    } catch {
      return api.permission;
    }
  }

  /** Show "incoming call" when the page is hidden and permission was granted. Returns whether it showed. */
  notifyIncoming(notice: IncomingCallNotice): boolean {
    const api = this.#api;
    if (!api || api.permission !== 'granted') return false;
    if (this.#document?.visibilityState !== 'hidden') return false;
    if (this.#open.has(notice.callId)) return true;
    try {
      const notification = new api(notice.title.slice(0, 120), {
        body: notice.body.slice(0, 200),
        tag: `callpop-call-${notice.callId}`,
        requireInteraction: true,
      });
      notification.onclick = () => {
        this.#window?.focus();
        this.close(notice.callId);
      };
      this.#open.set(notice.callId, notification);
      return true;
    } catch {
      // Some browsers (Android Chrome) only allow notifications from a service worker.
      return false;
    }
  }

  /** Close the call's notification (it was answered, rejected or stopped ringing). */
  close(callId: string): void {
    const notification = this.#open.get(callId);
    if (!notification) return;
    this.#open.delete(callId);
    notification.close();
  }

  dispose(): void {
    for (const id of [...this.#open.keys()]) this.close(id);
  }
}
