import { parsePhone } from '../phone/index.js';
import type { DialOptions, TransferOptions } from '../telephony/softphone.js';
import type { ModuleContext } from './context.js';

export interface PhoneModule {
  /**
   * Click-to-dial: call a number (any common format; it is cleaned and parsed).
   * The outbound pop opens as soon as the softphone creates the call.
   * Resolves with the call id.
   */
  dial(number: string, options?: DialOptions): Promise<string>;
  register(): Promise<void>;
  unregister(): Promise<void>;
  answer(callId: string): Promise<void>;
  reject(callId: string): Promise<void>;
  hangup(callId: string): Promise<void>;
  hold(callId: string, on: boolean): Promise<void>;
  mute(callId: string, on: boolean): Promise<void>;
  sendDtmf(callId: string, digits: string): Promise<void>;
  transfer(callId: string, target: string, options?: TransferOptions): Promise<void>;
}

export function createPhoneModule(ctx: ModuleContext): PhoneModule {
  const { softphone } = ctx;
  return {
    dial(number, options) {
      const parsed = parsePhone(number, ctx.defaultCountry);
      const target = parsed?.e164 ?? number.replace(/[^\d+*#]/g, '');
      if (!target) return Promise.reject(new RangeError(`"${number.slice(0, 40)}" is not a number that can be dialled.`));
      return softphone.dial(target, options);
    },
    register: () => softphone.register(),
    unregister: () => softphone.unregister(),
    answer: (callId) => softphone.answer(callId),
    reject: (callId) => softphone.reject(callId),
    hangup: (callId) => softphone.hangup(callId),
    hold: (callId, on) => softphone.hold(callId, on),
    mute: (callId, on) => softphone.mute(callId, on),
    sendDtmf: (callId, digits) => softphone.sendDtmf(callId, digits),
    transfer: (callId, target, options) => softphone.transfer(callId, target, options),
  };
}
