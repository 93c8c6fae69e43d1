export { DEFAULT_MAX_SEGMENTS, checkSmsDraft, type SmsDraftCheck, type SmsDraftInput, type SmsProblem } from './check.js';
export { SMS_LIMITS, gsm7Septets, smsLength, type SmsEncoding, type SmsLength } from './encoding.js';
export { checkMobileNumber, type MobileCheck, type MobileProblem } from './mobile.js';
export { renderTemplate, templatePlaceholders, templateVariables, withSignature, type RenderedTemplate } from './template.js';
