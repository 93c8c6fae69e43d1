/**
 * `callpop/phone-bar`: the phone bar, its agent module and the dialling helpers. No side effects.
 *
 * @module callpop/phone-bar
 */
export { PhoneBar } from './phone-bar.js';
export { registerPhoneBar } from './register.js';
export { CallpopHangupRequestEvent, type HangupRequestDetail } from './hangup-request-event.js';
export { CallpopTransferRequestEvent, type TransferRequestDetail } from './transfer-request-event.js';
export { agentModule, type AgentModule, type DevicesState, type AgentOptions, type AgentEnvironment } from '../../src/workbench/agent.js';
export * from '../../src/telephony/caller-id.js';
export * from '../../src/telephony/dial-input.js';
export type { NotificationApi, NotificationLike } from '../../src/telephony/notifier.js';
export type { RingerOptions, RingerState, RingerAudio, RingKind } from '../../src/telephony/ringer.js';
export type { AudioDeviceOption, DeviceChoices } from '../../src/telephony/devices.js';
export {
  queueModule,
  summariseQueues,
  queueWarns,
  QUEUE_POLL_MS,
  QUEUE_MAX_WAITING,
  QUEUE_MAX_WAIT_SECONDS,
  type QueueModule,
  type QueueIndicatorState,
  type QueueFigures,
} from '../../src/workbench/queue.js';
