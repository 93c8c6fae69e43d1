import type { SmsTemplate } from '../adapter/types.js';
import { smsLength, type SmsLength } from './encoding.js';
import { checkMobileNumber, type MobileProblem } from './mobile.js';
import { renderTemplate, withSignature } from './template.js';

/** Default largest number of parts one message may be sent in. */
export const DEFAULT_MAX_SEGMENTS = 10;

/** Why a message is refused before sending. */
export type SmsProblem =
  | { readonly code: 'no-template' }
  | { readonly code: 'number'; readonly problem: MobileProblem }
  | { readonly code: 'missing-variables'; readonly names: readonly string[] }
  | { readonly code: 'too-long'; readonly segments: number; readonly max: number }
  | { readonly code: 'empty' };

export interface SmsDraftCheck {
  /** The text as it will be sent (signature included), missing variables shown as `{{name}}`. */
  readonly preview: string;
  readonly length: SmsLength;
  /** The number in E.164, when it is a mobile number. */
  readonly to: string | null;
  readonly missing: readonly string[];
  /** Every reason the message cannot be sent; empty when it can. */
  readonly problems: readonly SmsProblem[];
}

export interface SmsDraftInput {
  readonly to: string;
  readonly template: Pick<SmsTemplate, 'body' | 'variables' | 'signature'> | null;
  readonly values: { readonly [name: string]: string | undefined };
  readonly defaultCountry?: string;
  readonly maxSegments?: number;
}

/** Render the message and list every reason it would be refused. */
export function checkSmsDraft(input: SmsDraftInput): SmsDraftCheck {
  const problems: SmsProblem[] = [];
  const mobile = checkMobileNumber(input.to, input.defaultCountry);
  if (!mobile.ok) problems.push({ code: 'number', problem: mobile.problem });
  if (!input.template) {
    problems.unshift({ code: 'no-template' });
    return { preview: '', length: smsLength(''), to: mobile.ok ? mobile.e164 : null, missing: [], problems };
  }
  const rendered = renderTemplate(input.template, input.values);
  const preview = withSignature(rendered.text, input.template.signature);
  const length = smsLength(preview);
  const max = input.maxSegments ?? DEFAULT_MAX_SEGMENTS;
  if (rendered.missing.length > 0) problems.push({ code: 'missing-variables', names: rendered.missing });
  if (length.segments === 0) problems.push({ code: 'empty' });
  if (length.segments > max) problems.push({ code: 'too-long', segments: length.segments, max });
  return { preview, length, to: mobile.ok ? mobile.e164 : null, missing: rendered.missing, problems };
}
