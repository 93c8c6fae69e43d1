import { adoptStyles, html, nothing, supportsAdoptingStyleSheets, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { repeat } from 'lit/directives/repeat.js';
import type { AgentStatus } from '../../src/adapter/types.js';
import { formatDuration } from '../../src/i18n/format.js';
import { localizeText } from '../../src/i18n/locale.js';
import { formatPhone } from '../../src/phone/index.js';
import type { PopState } from '../../src/state/pop-state.js';
import type { DeviceChoices } from '../../src/telephony/devices.js';
import { agentModule } from '../../src/workbench/agent.js';
import { DialError } from '../../src/workbench/phone.js';
import type { ExtrasMessage } from './phone-bar-extras.js';
import { shown } from './shown-text.js';
import { messageOf } from '../../src/workbench/context.js';
import { offers } from '../shared/backend-needs.js';
import { StoreController } from '../shared/store-controller.js';
import { TickController } from '../shared/tick-controller.js';
import { CallpopWorkbenchElement } from '../shared/callpop-workbench-element.js';
import { CallpopHangupRequestEvent } from './hangup-request-event.js';
import { phoneBarMessages as messages } from './phone-bar.messages.js';
import { styles } from './phone-bar.styles.js';
import { CallpopTransferRequestEvent } from './transfer-request-event.js';

type MessageKey = keyof (typeof messages)['en'];

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;
/** The most of a caller's name shown; the rest is in the tooltip, then cut too. */
const NAME_CHARS = 60;

/** The lazily loaded extras module. */
type PhoneBarExtras = typeof import('./phone-bar-extras.js');

/**
 * The agent's phone: registration, agent status, dialling with the caller-ID
 * rules, and every control for the current calls (answer, reject, hang up,
 * hold, mute, keypad, blind and attended transfer, call waiting), with the
 * audio devices and the ringtone. Compact enough for a 360 px side panel.
 *
 * @tagname phone-bar
 * @summary Registration, agent status, dial pad and the controls of the current calls.
 *
 * @fires callpop-hangup-request - Before a hang up; cancelable (`preventDefault()` keeps the call). Bubbles and is composed.
 * @fires callpop-transfer-request - Before a blind or attended transfer; cancelable. Bubbles and is composed.
 *
 * @csspart base - The whole bar.
 * @csspart header - Registration, status and the devices toggle.
 * @csspart registration - The registration state and its button.
 * @csspart registration-state - The registration state's text.
 * @csspart register - The register / unregister button.
 * @csspart status - The agent status select.
 * @csspart devices-toggle - Opens the audio devices section.
 * @csspart devices - The audio devices section.
 * @csspart microphone - The microphone select.
 * @csspart speaker - The call speaker select.
 * @csspart ringer - The ringtone device select.
 * @csspart notice - A notice line (settings loading or failed, device problems).
 * @csspart acw - The after-call work countdown.
 * @csspart acw-end - Ends after-call work.
 * @csspart acw-extend - Extends after-call work by the settings' step (disabled at the limit).
 * @csspart queue - The queue indicator: callers waiting and the longest wait (`data-warn` over the threshold).
 * @csspart quality - A connected call's network quality (`data-level` good, fair or poor); the figures are in its title.
 * @csspart link - "Connection lost / reconnecting" of a call whose path to the SIP server dropped.
 * @csspart survey - Transfers the customer to the satisfaction survey.
 * @csspart survey-status - The survey hand-over in progress, or why it was refused.
 * @csspart call-lost - A call that ended because the connection was lost, with a dismiss button.
 * @csspart extras-error - The survey, queue and line-quality controls did not load (their chunk failed), with Retry.
 * @csspart extras-retry - Loads those controls again.
 * @csspart enable-sound - The "enable sound" prompt when the browser blocks the ringtone.
 * @csspart calls - The list of current calls.
 * @csspart call - One current call (`call waiting` for a second ringing call).
 * @csspart call-identity - The caller's name and number.
 * @csspart call-meta - The call's state and duration.
 * @csspart call-name - The caller's name.
 * @csspart call-number - The caller's number.
 * @csspart call-state - The call's state.
 * @csspart timer - The call's duration.
 * @csspart call-actions - The call's buttons.
 * @csspart answer - Answer.
 * @csspart reject - Reject.
 * @csspart hangup - Hang up (or cancel an outbound call).
 * @csspart hold - Hold / resume.
 * @csspart mute - Mute / unmute.
 * @csspart dtmf - Opens the keypad of a call.
 * @csspart dtmf-pad - The in-call keypad.
 * @csspart dtmf-key - One key of the in-call keypad.
 * @csspart transfer - Opens the transfer form of a call.
 * @csspart transfer-form - The transfer form.
 * @csspart transfer-input - The transfer target.
 * @csspart transfer-blind - Transfer now (blind).
 * @csspart transfer-consult - Consult the target first (attended).
 * @csspart consult - The attended transfer in progress.
 * @csspart transfer-complete - Completes the attended transfer.
 * @csspart transfer-cancel - Ends the consultation and returns to the caller.
 * @csspart dialer - The dial form.
 * @csspart caller-id - The caller-ID select (choice mode) or text.
 * @csspart dial-input - The number to call.
 * @csspart dial-button - Calls it.
 * @csspart dialpad-toggle - Shows the dial pad.
 * @csspart dialpad - The dial pad.
 * @csspart dialpad-key - One key of the dial pad.
 * @csspart dial-error - Why the number cannot be called.
 * @csspart error - Why the last action failed.
 *
 * @cssprop --callpop-phone-bar-padding - Inner padding (default `var(--callpop-space)`).
 * @cssprop --callpop-phone-bar-key-size - Size of the dial pad keys (default 1.25 × `--callpop-control-height`, 40px).
 * @cssprop --callpop-phone-bar-ringing-color - Accent of a ringing call (default the success color).
 * @cssprop --callpop-phone-bar-warning-color - The queue indicator over its threshold and a fair line (default the warning color).
 */
export class PhoneBar extends CallpopWorkbenchElement {
  /** The shared design tokens, then this element's own styles. Theme it with `--callpop-*` custom properties and `::part()`, not by replacing these. */
  static override styles = [CallpopWorkbenchElement.styles, styles];

  @state() private dialValue = '';
  @state() private dialError: string | null = null;
  @state() private dialpadOpen = false;
  @state() private devicesOpen = false;
  /** The call whose keypad or transfer form is open. */
  @state() private panel: { readonly callId: string; readonly kind: 'dtmf' | 'transfer' } | null = null;
  @state() private transferValue = '';
  @state() private transferError: string | null = null;
  @state() private actionError: string | null = null;
  /** Calls that ended with a lost connection whose notice the agent dismissed. */
  @state() private dismissedLost: ReadonlySet<string> = new Set();
  /** The extras' code (survey, ACW extension, queue, line quality), once loaded. */
  @state() private extras: PhoneBarExtras | null = null;
  @state() private extrasStatus: 'idle' | 'loading' | 'failed' = 'idle';

  /**
   * Loads the extras' chunk: the first time the phone settings turn on the
   * survey, the ACW extension or the queue, or a call has quality figures, a
   * survey or a lost connection. Replaced in tests to make it fail.
   */
  protected static loadExtras: () => Promise<PhoneBarExtras> = () => import('./phone-bar-extras.js');

  readonly #wb = this.workbenchController;
  readonly #i18n = this.localeController;
  readonly #registration = new StoreController(this, () => this.#wb.value?.stores.$registration);
  readonly #calls = new StoreController(this, () => this.#wb.value?.stores.$calls);
  readonly #status = new StoreController(this, () => this.#wb.value?.stores.$agentStatus);
  readonly #settings = new StoreController(this, () => this.#wb.value?.stores.$phoneSettings);
  readonly #displayNumber = new StoreController(this, () => this.#wb.value?.stores.$displayNumber);
  readonly #devices = new StoreController(this, () => this.#wb.value?.use(agentModule).$devices);
  readonly #ringer = new StoreController(this, () => this.#wb.value?.use(agentModule).$ringer);
  readonly #consult = new StoreController(this, () => this.#wb.value?.stores.$consult);
  readonly #refused = new StoreController(this, () => this.#wb.value?.stores.$refused);
  readonly #location = new StoreController(this, () => this.#wb.value?.stores.$phoneLocation);
  readonly #queue = new StoreController(this, () => (this.extras ? this.#wb.value?.use(this.extras.queueModule).$queue : undefined));
  readonly #tick = new TickController(this);

  protected override willUpdate(): void {
    if (!this.extras && this.extrasStatus === 'idle' && this.#needsExtras()) this.#loadExtras();
    const calls = this.#liveCalls();
    const registration = this.#registration.value;
    this.#tick.running =
      calls.some((call) => call.answeredAt !== null) ||
      (this.#status.value?.status === 'acw' && this.#status.value.acwEndsAt !== null) ||
      (registration?.state === 'reconnecting' && Boolean(registration.nextAttemptAt));
    if (this.panel && !calls.some((call) => call.callId === this.panel?.callId && (call.state === 'connected' || call.state === 'held'))) {
      this.panel = null;
    }
  }

  // ------------------------------------------------------------ extras

  #needsExtras(): boolean {
    const settings = this.#settings.value?.settings;
    if (settings?.survey || settings?.acw || settings?.queue) return true;
    return Object.values(this.#calls.value ?? {}).some((call) => call && (call.quality || call.survey || call.endReason === 'connection-lost'));
  }

  #loadExtras(): void {
    this.extrasStatus = 'loading';
    (this.constructor as typeof PhoneBar).loadExtras().then(
      (extras) => {
        // Their styles join the bar's own, after them (the element's `static styles` stay small up front),
        // the way Lit adopts styles: constructed sheets, or `<style>` elements (with the page's nonce) where
        // a browser has none. Adopting sets the whole list; the fallback appends.
        const { elementStyles } = this.constructor as typeof PhoneBar;
        adoptStyles(this.renderRoot as ShadowRoot, supportsAdoptingStyleSheets ? [...elementStyles, extras.extrasStyles] : [extras.extrasStyles]);
        this.extras = extras;
        this.extrasStatus = 'idle';
      },
      (error: unknown) => {
        console.warn('callpop: the phone bar extras did not load', error);
        this.extrasStatus = 'failed';
      },
    );
  }

  /** An extras message in the bar's language (only called once the extras are loaded). */
  #x = (key: ExtrasMessage, params?: { readonly [name: string]: string | number }): string =>
    this.#i18n.msg(this.extras!.extrasMessages, key, params);

  // ------------------------------------------------------------ helpers

  #m(key: MessageKey, params?: { readonly [name: string]: string | number }): string {
    return this.#i18n.msg(messages, key, params);
  }

  #liveCalls(): PopState[] {
    const refused = this.#refused.value ?? [];
    return Object.values(this.#calls.value ?? {})
      .filter((call): call is PopState => call !== undefined && call.live && !refused.includes(call.callId))
      .sort((a, b) => a.startedAt - b.startedAt);
  }

  #caller(call: PopState): { name: string | null; full: string | null; number: string } {
    const raw = call.lookup.customer?.name ?? call.remoteName;
    const clean = raw ? shown(raw, 200) : '';
    return {
      name: clean ? shown(clean, NAME_CHARS) : null,
      full: clean || null,
      number: formatPhone(call.number || call.rawNumber),
    };
  }

  async #run(action: MessageKey, work: () => Promise<unknown>): Promise<boolean> {
    this.actionError = null;
    try {
      await work();
      return true;
    } catch (error) {
      this.actionError = this.#m('actionFailed', { action: this.#m(action), reason: messageOf(error) });
      return false;
    }
  }

  #dialErrorText(error: unknown): string {
    if (error instanceof DialError) return this.#m(`dialError.${error.code}`);
    return this.#m('actionFailed', { action: this.#m('call'), reason: messageOf(error) });
  }

  // ------------------------------------------------------------ handlers

  #toggleRegistration(): void {
    const wb = this.#wb.value;
    const state = this.#registration.value?.state ?? 'unregistered';
    if (!wb) return;
    if (state === 'unregistered' || state === 'failed') void this.#run('register', () => wb.register());
    else void this.#run('unregister', () => wb.unregister());
  }

  #onStatusChange(event: Event): void {
    const wb = this.#wb.value;
    const select = event.target as HTMLSelectElement;
    if (!wb) return;
    const [status, reason] = select.value.split(':', 2) as [AgentStatus, string | undefined];
    this.actionError = null;
    try {
      wb.setStatus(status, reason ?? null);
    } catch (error) {
      this.actionError = this.#m('actionFailed', { action: this.#m('status'), reason: messageOf(error) });
      this.requestUpdate();
    }
  }

  async #dial(event: Event): Promise<void> {
    event.preventDefault();
    const wb = this.#wb.value;
    if (!wb) return;
    this.dialError = null;
    this.actionError = null;
    try {
      await wb.dial(this.dialValue);
      this.dialValue = '';
      this.dialpadOpen = false;
    } catch (error) {
      this.dialError = this.#dialErrorText(error);
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>('#dial')?.focus();
    }
  }

  #pressDialKey(key: string): void {
    this.dialValue = `${this.dialValue}${key}`.slice(0, 64);
    this.dialError = null;
  }

  #sendDtmf(callId: string, key: string): void {
    const wb = this.#wb.value;
    if (wb) void this.#run('keypad', () => wb.sendDtmf(callId, key));
  }

  #onDtmfKeydown(callId: string, event: KeyboardEvent): void {
    if (/^[0-9*#]$/.test(event.key)) {
      event.preventDefault();
      this.#sendDtmf(callId, event.key);
    }
  }

  #hangup(callId: string): void {
    const wb = this.#wb.value;
    if (!wb) return;
    if (!this.dispatchEvent(new CallpopHangupRequestEvent({ callId }))) return;
    void this.#run('hangup', () => wb.hangup(callId));
  }

  #togglePanel(callId: string, kind: 'dtmf' | 'transfer'): void {
    const open = this.panel?.callId === callId && this.panel.kind === kind;
    this.panel = open ? null : { callId, kind };
    this.transferError = null;
    if (!open) {
      void this.updateComplete.then(() => {
        const target = this.renderRoot.querySelector<HTMLElement>(kind === 'transfer' ? '#transfer-target' : '[part~="dtmf-key"]');
        target?.focus();
      });
    }
  }

  async #transfer(callId: string, mode: 'blind' | 'consult'): Promise<void> {
    const wb = this.#wb.value;
    if (!wb) return;
    this.transferError = null;
    const check = wb.checkDial(this.transferValue);
    if (!check.ok) {
      this.transferError = this.#m(`dialError.${check.problem}`);
      return;
    }
    try {
      if (mode === 'blind') {
        if (!this.dispatchEvent(new CallpopTransferRequestEvent({ callId, target: check.target, mode: 'blind' }))) return;
        await wb.transfer(callId, this.transferValue);
      } else {
        await wb.consult(callId, this.transferValue);
      }
      this.transferValue = '';
      this.panel = null;
    } catch (error) {
      this.transferError = this.#dialErrorText(error);
    }
  }

  #completeTransfer(): void {
    const wb = this.#wb.value;
    const consult = this.#consult.value;
    if (!wb || !consult) return;
    const detail = { callId: consult.callId, target: consult.target, mode: 'attended' as const };
    if (!this.dispatchEvent(new CallpopTransferRequestEvent(detail))) return;
    void this.#run('completeTransfer', () => wb.completeTransfer());
  }

  #extendAcw(): void {
    const wb = this.#wb.value;
    if (!wb || !this.extras) return;
    this.actionError = null;
    try {
      wb.extendAcw();
    } catch (error) {
      this.actionError = this.extras.acwErrorText(this.#x, error);
    }
  }

  async #survey(callId: string): Promise<void> {
    const wb = this.#wb.value;
    if (!wb || !this.extras) return;
    this.actionError = null;
    try {
      await wb.transferToSurvey(callId);
    } catch (error) {
      this.actionError = this.extras?.surveyErrorText(this.#x, error) ?? null;
    }
  }

  #renderLost(): TemplateResult | typeof nothing {
    if (!this.extras) return nothing;
    const lost = Object.values(this.#calls.value ?? {}).filter(
      (call): call is PopState => call !== undefined && call.endReason === 'connection-lost' && !this.dismissedLost.has(call.callId),
    );
    return this.extras.renderLost(
      this.#x,
      lost,
      (call) => {
        const { name, number } = this.#caller(call);
        return name ? `${name} ${number}` : number;
      },
      (callId) => (this.dismissedLost = new Set([...this.dismissedLost, callId])),
    );
  }

  #toggleDevices(): void {
    this.devicesOpen = !this.devicesOpen;
    if (this.devicesOpen) void this.#wb.value?.use(agentModule).refreshDevices();
  }

  #setDevice(kind: keyof DeviceChoices, event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    const wb = this.#wb.value;
    if (wb) void this.#run('devices', () => wb.use(agentModule).setDevice(kind, value === '' ? null : value));
  }

  // ------------------------------------------------------------ render

  #renderRegistration(): TemplateResult {
    const registration = this.#registration.value ?? { state: 'unregistered' as const, reason: null };
    const extension = this.#settings.value?.settings?.extension;
    let text: string;
    switch (registration.state) {
      case 'reconnecting': {
        const attempt = registration.attempt ?? 1;
        const next = registration.nextAttemptAt;
        const seconds = next ? Math.max(0, Math.ceil((next - this.#wb.now()) / 1000)) : 0;
        text = seconds > 0 ? this.#m('registration.reconnectingIn', { attempt, seconds }) : this.#m('registration.reconnecting', { attempt });
        break;
      }
      case 'failed':
        text = registration.reason
          ? this.#m('registration.failedReason', { reason: shown(registration.reason, 160) })
          : this.#m('registration.failed');
        break;
      default:
        text = this.#m(`registration.${registration.state}`);
    }
    const off = registration.state === 'unregistered' || registration.state === 'failed';
    return html`<div part="registration" data-state=${registration.state}>
      <span class="dot" aria-hidden="true"></span>
      <span part="registration-state" role="status" title=${text}>
        ${text}${extension && registration.state === 'registered' ? html` · ${this.#m('extension', { extension })}` : nothing}
      </span>
      <button type="button" part="register" @click=${this.#toggleRegistration}>
        ${off ? this.#m('register') : this.#m('unregister')}
      </button>
    </div>
    ${this.#renderLocation()}`;
  }

  /** Where the phone is, when not here; and the way to the phone window. */
  #renderLocation(): TemplateResult | typeof nothing {
    const location = this.#location.value ?? 'here';
    const wb = this.#wb.value;
    const canOpen = wb?.canOpenPhoneWindow() ?? false;
    if (location === 'here' && !canOpen) return nothing;
    return html`<div part="phone-location" data-location=${location}>
      ${location !== 'here' ? html`<span part="phone-location-text" class="muted">${this.#m(`location.${location}`)}</span>` : nothing}
      ${canOpen
        ? html`<button type="button" part="open-phone-window" title=${this.#m('openPhoneWindowHint')} @click=${this.#openPhoneWindow}>
            ${this.#m('openPhoneWindow')}
          </button>`
        : nothing}
    </div>`;
  }

  #openPhoneWindow = (): void => {
    const wb = this.#wb.value;
    if (!wb) return;
    this.actionError = wb.openPhoneWindow() ? null : this.#m('phoneWindowBlocked');
  };

  #renderStatus(): TemplateResult {
    const current = this.#status.value ?? { status: 'offline' as const, breakReasonId: null, acwEndsAt: null };
    const reasons = this.#settings.value?.settings?.breakReasons ?? [];
    const { locale } = this.#i18n;
    const value = current.status === 'break' && current.breakReasonId ? `break:${current.breakReasonId}` : current.status;
    return html`<label class="status">
      <span class="visually-hidden">${this.#m('status')}</span>
      <select part="status" data-status=${current.status} .value=${live(value)} @change=${this.#onStatusChange}>
        <option value="ready" ?selected=${value === 'ready'}>${this.#m('status.ready')}</option>
        <option value="busy" ?selected=${value === 'busy'}>${this.#m('status.busy')}</option>
        ${reasons.length === 0
          ? html`<option value="break" ?selected=${value === 'break'}>${this.#m('status.break')}</option>`
          : reasons.map(
              (reason) => html`<option value=${`break:${reason.id}`} ?selected=${value === `break:${reason.id}`}>
                ${this.#m('status.breakReason', { reason: shown(localizeText(reason.label, locale), 40) })}
              </option>`,
            )}
        <option value="acw" ?selected=${value === 'acw'} ?disabled=${value !== 'acw'}>${this.#m('status.acw')}</option>
        <option value="offline" ?selected=${value === 'offline'} disabled>${this.#m('status.offline')}</option>
      </select>
    </label>`;
  }

  #renderNotices(): TemplateResult {
    const wb = this.#wb.value;
    const settings = this.#settings.value;
    const status = this.#status.value;
    const ringer = this.#ringer.value;
    return html`
      ${settings?.status === 'loading' && !settings.settings
        ? html`<p part="notice" role="status" class="muted">${this.#m('settingsLoading')}</p>`
        : nothing}
      ${settings?.status === 'error'
        ? html`<p part="notice" role="alert" class="error">
            ${this.#m('settingsFailed', { reason: settings.error ?? '' })}
            <button type="button" @click=${() => wb?.loadPhoneSettings()}>${this.#m('retry')}</button>
          </p>`
        : nothing}
      ${status?.status === 'acw'
        ? html`<div part="acw" role="timer" aria-live="off">
            <span>
              ${status.acwEndsAt !== null
                ? this.#m('acwLeft', { time: formatDuration(Math.max(0, Math.ceil((status.acwEndsAt - this.#wb.now()) / 1000))) })
                : this.#m('acwOpen')}
            </span>
            ${this.#renderAcwExtend()}
            <button type="button" part="acw-end" @click=${() => wb?.endAcw()}>${this.#m('acwEnd')}</button>
          </div>`
        : nothing}
      ${ringer?.blocked
        ? html`<div part="enable-sound" role="alert">
            <span>${this.#m('soundBlocked')}</span>
            <button type="button" class="primary" @click=${() => wb?.use(agentModule).enableSound()}>${this.#m('enableSound')}</button>
          </div>`
        : nothing}
    `;
  }

  #renderAcwExtend(): TemplateResult | typeof nothing {
    if (!this.extras) return nothing;
    return this.extras.renderAcwExtend(this.#x, this.#status.value, this.#settings.value?.settings?.acw, () => this.#extendAcw());
  }

  #renderDevices(): TemplateResult {
    const devices = this.#devices.value;
    const ringer = this.#ringer.value;
    const choices = devices?.choices ?? { microphone: null, speaker: null, ringer: null };
    const option = (id: string, label: string, selected: string | null): TemplateResult =>
      html`<option value=${id} ?selected=${selected === id}>${label}</option>`;
    const select = (kind: keyof DeviceChoices, label: string, list: readonly { deviceId: string; label: string }[], unnamed: MessageKey) =>
      html`<label>
        <span>${label}</span>
        <select part=${kind} .value=${live(choices[kind] ?? '')} @change=${(e: Event) => this.#setDevice(kind, e)}>
          ${option('', this.#m('systemDefault'), choices[kind] ?? '')}
          ${list.map((device, i) => option(device.deviceId, shown(device.label, 60) || this.#m(unnamed, { n: i + 1 }), choices[kind]))}
        </select>
      </label>`;
    return html`<section part="devices" id="devices" aria-label=${this.#m('devices')}>
      ${devices?.status === 'loading' ? html`<p part="notice" role="status" class="muted">${this.#m('devicesLoading')}</p>` : nothing}
      ${devices?.status === 'unsupported' ? html`<p part="notice" class="muted">${this.#m('devicesUnsupported')}</p>` : nothing}
      ${devices?.status === 'error'
        ? html`<p part="notice" role="alert" class="error">
            ${this.#m('devicesFailed', { reason: devices.error ?? '' })}
            <button type="button" @click=${() => this.#wb.value?.use(agentModule).refreshDevices()}>${this.#m('retry')}</button>
          </p>`
        : nothing}
      ${select('microphone', this.#m('microphone'), devices?.microphones ?? [], 'unnamedMicrophone')}
      ${select('speaker', this.#m('speaker'), devices?.speakers ?? [], 'unnamedSpeaker')}
      ${select('ringer', this.#m('ringer'), devices?.speakers ?? [], 'unnamedSpeaker')}
      ${ringer?.error ? html`<p part="notice" role="alert" class="error">${this.#m('ringerDeviceFailed', { reason: shown(ringer.error, 120) })}</p>` : nothing}
    </section>`;
  }

  #renderCall(call: PopState, talkingOn: boolean): TemplateResult {
    const wb = this.#wb.value;
    const { name, full, number } = this.#caller(call);
    const callerLabel = name ? `${name} ${number}` : number;
    const incoming = call.direction === 'inbound' && call.state === 'ringing';
    const waiting = incoming && talkingOn;
    const stateKey: MessageKey = incoming
      ? waiting
        ? 'state.waiting'
        : 'state.incoming'
      : (`state.${call.state === 'ringing' ? 'dialing' : call.state}` as MessageKey);
    const answered = call.state === 'connected' || call.state === 'held';
    const seconds = call.answeredAt === null ? null : ((call.endedAt ?? this.#wb.now()) - call.answeredAt) / 1000;
    const panel = this.panel?.callId === call.callId ? this.panel.kind : null;
    return html`<li part=${waiting ? 'call waiting' : 'call'} data-state=${call.state} data-call-id=${call.callId}>
      <div part="call-identity" class="identity">
        <span part="call-name" title=${full ?? nothing}>${name ?? this.#m('unknownCaller')}</span>
        <span part="call-number">${number}</span>
      </div>
      <div part="call-meta" class="meta">
        <span part="call-state" data-state=${call.state}>${this.#m(stateKey)}${call.muted ? html` · ${this.#m('muted')}` : nothing}</span>
        ${seconds !== null ? html`<span part="timer" role="timer" aria-live="off">${formatDuration(seconds)}</span>` : nothing}
        ${this.extras ? this.extras.renderQuality(this.#x, call) : nothing}
      </div>
      <div part="call-actions" role="toolbar" aria-label=${this.#m('callActions', { caller: callerLabel })}>
        ${incoming
          ? html`<button type="button" part="answer" class="primary" @click=${() => this.#run('answer', () => wb!.answer(call.callId))}>
                ${waiting ? this.#m('answerHold') : this.#m('answer')}
              </button>
              <button type="button" part="reject" @click=${() => this.#run('reject', () => wb!.reject(call.callId))}>${this.#m('reject')}</button>`
          : nothing}
        ${answered
          ? html`<button
                type="button"
                part="hold"
                aria-pressed=${call.state === 'held' ? 'true' : 'false'}
                @click=${() =>
                  this.#run(call.state === 'held' ? 'resume' : 'hold', () =>
                    call.state === 'held' ? wb!.hold(call.callId, false) : wb!.hold(call.callId, true),
                  )}
              >
                ${call.state === 'held' ? this.#m('resume') : this.#m('hold')}
              </button>
              <button
                type="button"
                part="mute"
                aria-pressed=${call.muted ? 'true' : 'false'}
                @click=${() => this.#run(call.muted ? 'unmute' : 'mute', () => wb!.mute(call.callId, !call.muted))}
              >
                ${call.muted ? this.#m('unmute') : this.#m('mute')}
              </button>
              <button
                type="button"
                part="dtmf"
                aria-expanded=${panel === 'dtmf' ? 'true' : 'false'}
                ?disabled=${call.state !== 'connected'}
                @click=${() => this.#togglePanel(call.callId, 'dtmf')}
              >
                ${this.#m('keypad')}
              </button>
              <button
                type="button"
                part="transfer"
                aria-expanded=${panel === 'transfer' ? 'true' : 'false'}
                ?disabled=${this.#consult.value !== null && this.#consult.value !== undefined}
                @click=${() => this.#togglePanel(call.callId, 'transfer')}
              >
                ${this.#m('transfer')}
              </button>
              ${this.extras && this.#settings.value?.settings?.survey
                ? this.extras.renderSurveyButton(this.#x, call, Boolean(this.#consult.value), () => void this.#survey(call.callId))
                : nothing}`
          : nothing}
        ${!incoming
          ? html`<button type="button" part="hangup" class="danger" @click=${() => this.#hangup(call.callId)}>
              ${answered ? this.#m('hangup') : this.#m('cancel')}
            </button>`
          : nothing}
      </div>
      ${this.extras ? this.extras.renderSurveyStatus(this.#x, call) : nothing}
      ${panel === 'dtmf' && call.state === 'connected'
        ? html`<div
            part="dtmf-pad"
            role="group"
            class="keys"
            aria-label=${this.#m('keypadFor', { caller: callerLabel })}
            @keydown=${(e: KeyboardEvent) => this.#onDtmfKeydown(call.callId, e)}
          >
            ${KEYS.map((key) => html`<button type="button" part="dtmf-key" @click=${() => this.#sendDtmf(call.callId, key)}>${key}</button>`)}
          </div>`
        : nothing}
      ${panel === 'transfer'
        ? html`<form part="transfer-form" @submit=${(e: Event) => {
            e.preventDefault();
            void this.#transfer(call.callId, 'blind');
          }}>
            <label for="transfer-target">${this.#m('transferTarget')}</label>
            <input
              id="transfer-target"
              part="transfer-input"
              inputmode="tel"
              autocomplete="off"
              maxlength="64"
              placeholder=${this.#m('transferPlaceholder')}
              .value=${this.transferValue}
              aria-invalid=${this.transferError ? 'true' : 'false'}
              aria-describedby=${this.transferError ? 'transfer-error' : nothing}
              @input=${(e: Event) => {
                this.transferValue = (e.target as HTMLInputElement).value;
                this.transferError = null;
              }}
            />
            <div class="row">
              <button type="submit" part="transfer-blind">${this.#m('blindTransfer')}</button>
              <button type="button" part="transfer-consult" @click=${() => this.#transfer(call.callId, 'consult')}>${this.#m('consult')}</button>
            </div>
            ${this.transferError ? html`<p id="transfer-error" class="error" role="alert">${this.transferError}</p>` : nothing}
          </form>`
        : nothing}
    </li>`;
  }

  #renderConsult(): TemplateResult | typeof nothing {
    const consult = this.#consult.value;
    const wb = this.#wb.value;
    if (!consult || !wb) return nothing;
    return html`<div part="consult" role="status">
      <span>${this.#m('consulting', { target: formatPhone(consult.target) })}</span>
      <div class="row">
        <button type="button" part="transfer-complete" class="primary" @click=${this.#completeTransfer}>${this.#m('completeTransfer')}</button>
        <button type="button" part="transfer-cancel" @click=${() => this.#run('returnToCaller', () => wb.cancelConsult())}>
          ${this.#m('returnToCaller')}
        </button>
      </div>
    </div>`;
  }

  #renderCallerId(): TemplateResult | typeof nothing {
    const wb = this.#wb.value;
    const settings = this.#settings.value?.settings;
    if (!wb || !settings) return nothing;
    const rules = settings.callerId;
    if (rules.mode === 'choice' && rules.numbers.length > 0) {
      const current = this.#displayNumber.value ?? '';
      return html`<label class="caller-id">
        <span>${this.#m('callerId')}</span>
        <select
          part="caller-id"
          .value=${live(current)}
          @change=${(e: Event) => {
            try {
              wb.chooseDisplayNumber((e.target as HTMLSelectElement).value);
            } catch (error) {
              this.actionError = messageOf(error);
            }
          }}
        >
          ${rules.numbers.map(
            (n) => html`<option value=${n.number} ?selected=${n.number === current}>
              ${n.label ? `${shown(n.label, 30)} · ` : ''}${formatPhone(n.number)}
            </option>`,
          )}
        </select>
      </label>`;
    }
    let text: string;
    if (rules.mode === 'pool') {
      const preview = this.dialValue ? wb.previewDisplayNumber(this.dialValue) : null;
      text = preview?.number ? this.#m('callerIdShown', { number: formatPhone(preview.number) }) : this.#m('callerIdAuto');
    } else {
      const number = this.#displayNumber.value;
      text = number ? this.#m('callerIdShown', { number: formatPhone(number) }) : this.#m('callerIdNone');
    }
    return html`<span part="caller-id" class="muted">${text}</span>`;
  }

  #renderDialer(): TemplateResult {
    const settings = this.#settings.value?.settings;
    const allowed = settings?.callPermission !== false;
    return html`<form part="dialer" @submit=${this.#dial} novalidate>
      <div class="row">
        <label for="dial" class="visually-hidden">${this.#m('dial')}</label>
        <input
          id="dial"
          part="dial-input"
          type="text"
          inputmode="tel"
          autocomplete="off"
          maxlength="64"
          placeholder=${this.#m('dialPlaceholder')}
          ?disabled=${!allowed}
          .value=${this.dialValue}
          aria-invalid=${this.dialError ? 'true' : 'false'}
          aria-describedby=${this.dialError ? 'dial-error' : nothing}
          @input=${(e: Event) => {
            this.dialValue = (e.target as HTMLInputElement).value;
            this.dialError = null;
          }}
        />
        <button type="submit" part="dial-button" class="primary" ?disabled=${!allowed}>${this.#m('call')}</button>
        <button
          type="button"
          part="dialpad-toggle"
          aria-label=${this.#m('dialpad')}
          title=${this.#m('dialpad')}
          aria-expanded=${this.dialpadOpen ? 'true' : 'false'}
          aria-controls="dialpad"
          ?disabled=${!allowed}
          @click=${() => (this.dialpadOpen = !this.dialpadOpen)}
        >
          ⌨
        </button>
      </div>
      ${this.dialError ? html`<p id="dial-error" part="dial-error" class="error" role="alert">${this.dialError}</p>` : nothing}
      ${!allowed ? html`<p part="notice" class="muted">${this.#m('noCallPermission')}</p>` : nothing}
      ${this.dialpadOpen && allowed
        ? html`<div part="dialpad" id="dialpad" role="group" class="keys" aria-label=${this.#m('dialpad')}>
            ${KEYS.map((key) => html`<button type="button" part="dialpad-key" @click=${() => this.#pressDialKey(key)}>${key}</button>`)}
          </div>`
        : nothing}
      ${allowed && offers(this.#wb.value, 'agents') ? this.#renderCallerId() : nothing}
    </form>`;
  }

  protected override render(): TemplateResult {
    const calls = this.#liveCalls();
    const talkingOn = calls.some((call) => call.state !== 'ringing');
    return html`<section part="base" aria-label=${this.#m('label')}>
      <div part="header">
        ${this.#renderRegistration()}
        <div class="row">
          ${offers(this.#wb.value, 'agents') ? this.#renderStatus() : nothing}
          ${this.extras && offers(this.#wb.value, 'agents') ? this.extras.renderQueue(this.#x, this.#queue.value) : nothing}
          <button
            type="button"
            part="devices-toggle"
            aria-label=${this.#m('devices')}
            title=${this.#m('devices')}
            aria-expanded=${this.devicesOpen ? 'true' : 'false'}
            aria-controls="devices"
            @click=${this.#toggleDevices}
          >
            ⚙
          </button>
        </div>
      </div>
      ${this.devicesOpen ? this.#renderDevices() : nothing}
      ${this.#renderNotices()}
      ${this.extrasStatus === 'failed'
        ? html`<p part="extras-error" role="alert" class="error">
            ${this.#m('extrasFailed')}
            <button type="button" part="extras-retry" @click=${() => this.#loadExtras()}>${this.#m('retry')}</button>
          </p>`
        : nothing}
      ${this.#renderLost()}
      ${calls.length > 0
        ? html`<ul part="calls" aria-label=${this.#m('calls')}>
            ${repeat(calls, (call) => call.callId, (call) => this.#renderCall(call, talkingOn && call.state === 'ringing'))}
          </ul>`
        : nothing}
      ${this.#renderConsult()}
      ${this.#renderDialer()}
      ${this.actionError ? html`<p part="error" class="error" role="alert">${this.actionError}</p>` : nothing}
    </section>`;
  }
}
