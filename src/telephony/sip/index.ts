/**
 * The SIP softphone, loaded on demand: sip.js (its own chunk) is downloaded
 * only by the page that actually holds the phone.
 *
 * ```ts
 * // One registration for every tab of the CRM (the default): the tab that holds
 * // the phone loads sip.js and registers; the others drive it from afar.
 * const softphone = await loadSipSoftphone({ server: 'wss://sip.example.com', uri: 'sip:1001@example.com', password });
 * const workbench = createWorkbench({ adapter, softphone });
 * await softphone.register();
 *
 * // Today's one-tab phone: every tab its own registration.
 * const own = await loadSipSoftphone(config, { sharing: 'none' });
 * ```
 *
 * @module callpop/sip
 */
import { resolveSipConfig, type SipConfig } from './config.js';
import type { SipSoftphone } from './sip-softphone.js';
import { SharedSoftphone, type SharedSoftphoneOptions } from '../shared/shared-softphone.js';

export type { DtmfMode, MediaPrewarm, ResolvedSipConfig, SipConfig, SipReconnectOptions } from './config.js';
export { resolveSipConfig };
export type { SipSoftphone } from './sip-softphone.js';
export { SharedSoftphone, sharedPhoneName, type LifecycleTarget, type SharedSoftphoneOptions } from '../shared/shared-softphone.js';
export type { LockManagerLike } from '../shared/election.js';
export type { ChannelLike } from '../shared/fakes.js';

export interface SipSharingOptions {
  /**
   * `'tabs'` (default): one phone for every tab of this browser profile with the
   * same account — one registration, one ringtone, calls driven from any tab.
   * `'none'`: this page's own phone.
   */
  readonly sharing?: 'tabs' | 'none';
  /** `'phone-window'` in callpop's phone window (see `openPhoneWindow`), else `'tab'`. */
  readonly role?: 'tab' | 'phone-window';
  /** Where the phone's stable identity is kept (default `localStorage`). */
  readonly storage?: Storage | null;
  /** Passed on to the shared phone (locks, channel, timeouts), for tests and special hosts. */
  readonly shared?: Partial<Omit<SharedSoftphoneOptions, 'account' | 'create' | 'role'>>;
}

/** Load sip.js and create this page's own SIP softphone (not yet registered: call `register()`). */
export function loadSipSoftphone(config: SipConfig, options: SipSharingOptions & { readonly sharing: 'none' }): Promise<SipSoftphone>;
/** The SIP phone shared by the tabs of this browser profile (sip.js loads only where the phone is). */
export function loadSipSoftphone(config: SipConfig, options?: SipSharingOptions): Promise<SharedSoftphone>;
export async function loadSipSoftphone(config: SipConfig, options: SipSharingOptions = {}): Promise<SipSoftphone | SharedSoftphone> {
  const own = async (sipConfig: SipConfig): Promise<SipSoftphone> => {
    const { SipSoftphone: Implementation } = await import('./sip-softphone.js');
    return new Implementation(sipConfig);
  };
  // A configuration that cannot work is refused here, in every tab, not later in the one that holds the phone.
  resolveSipConfig(config);
  if (options.sharing === 'none') return own(config);
  const identity = sharedIdentity(config.uri, options.storage === undefined ? safeLocalStorage() : options.storage);
  return new SharedSoftphone({
    ...options.shared,
    account: config.uri,
    role: options.role ?? 'tab',
    // A tab that follows fetches sip.js while idle, so taking the phone over does not wait for it.
    prepare: () => import('./sip-softphone.js'),
    create: () => own({ ...config, instanceId: config.instanceId ?? identity.instanceId, contactName: config.contactName ?? identity.contactName }),
  });
}

/** The identity the tabs of one profile register with (see {@link sharedIdentity}). */
export interface SharedIdentity {
  readonly instanceId: string;
  readonly contactName: string;
}

function safeLocalStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** One Contact and instance id per browser profile and account, made once and kept. */
export function sharedIdentity(account: string, storage: Storage | null): SharedIdentity {
  const key = `callpop:sip-identity:${account.trim().toLowerCase().slice(0, 200)}`;
  try {
    const stored = JSON.parse(storage?.getItem(key) ?? 'null') as Partial<SharedIdentity> | null;
    if (
      stored &&
      typeof stored.instanceId === 'string' &&
      /^[0-9a-f-]{36}$/.test(stored.instanceId) &&
      typeof stored.contactName === 'string' &&
      /^[a-z0-9]{8,32}$/.test(stored.contactName)
    ) {
      return { instanceId: stored.instanceId, contactName: stored.contactName };
    }
  } catch {
    // Made anew below.
  }
  const instanceId = crypto.randomUUID();
  const contactName = `cp${instanceId.replace(/-/g, '').slice(0, 14)}`;
  try {
    storage?.setItem(key, JSON.stringify({ instanceId, contactName }));
  } catch {
    // Not kept: the tabs of this page still share the phone, a later page gets a new identity.
  }
  return { instanceId, contactName };
}
