/**
 * The template-SMS capability (`workbench.use(smsModule)`), behind
 * `<sms-composer>`: the backend's templates (loaded once), the variables a
 * call already answers (customer name and number, call time in the agent's
 * language, agent name, the call's latest ticket number), the checks a
 * message passes before it is sent (a mobile number, no missing variable, at
 * most `maxSegments` parts) and the send itself.
 *
 * A send goes through the call's draft (`sms:<callId>`): the same message sent
 * again — a double click, a retry after a failure — carries the same
 * idempotency key, so the backend sends one SMS. The backend's answer
 * (queued, sent, or failed with its reason) is kept per call in `$results`.
 *
 * @packageDocumentation
 */
import { atom, map, type MapStore, type ReadableAtom } from 'nanostores';
import type { Customer, SmsResult, SmsTemplate } from '../adapter/types.js';
import type { Locale } from '../i18n/locale.js';
import { checkSmsDraft, DEFAULT_MAX_SEGMENTS, type SmsDraftCheck, type SmsProblem } from '../sms/check.js';
import { templateVariables } from '../sms/template.js';
import { formatInstant } from '../i18n/format.js';
import { formatPhone, parsePhone } from '../phone/index.js';
import { messageOf, type ModuleContext, type ModuleLifecycle } from './context.js';
import { fingerprint } from './ids.js';
import { defineModule, type CoreModules } from './modules.js';

export interface SmsTemplatesState {
  readonly status: 'idle' | 'loading' | 'ready' | 'error';
  readonly templates: readonly SmsTemplate[];
  readonly error: string | null;
}

/** What the agent composed: the number, the template and the variables' values. */
export interface SmsComposition {
  readonly to: string;
  readonly templateId: string;
  readonly values: { readonly [name: string]: string };
}

/** The last send of a call. */
export interface SmsSendState {
  readonly status: 'sending' | 'done' | 'error';
  /** The backend's answer (its `status` is queued, sent or failed with a `reason`). */
  readonly result: SmsResult | null;
  /** Why the request itself failed (nothing was confirmed). */
  readonly error: string | null;
  readonly to: string;
  readonly templateId: string;
}

/** What a call already tells about the message. */
export interface SmsCallContext {
  readonly callId: string;
  readonly customerId: string | null;
  /** The numbers the message may go to: the call's number, then the customer's others (E.164). */
  readonly phones: readonly string[];
  /** The number chosen by default (the call's). */
  readonly defaultTo: string;
  /** Variable values known from the call, customer and agent, by variable name. */
  readonly values: { readonly [name: string]: string };
}

export interface SmsOptions {
  /** Messages longer than this many parts are refused (default 10). */
  readonly maxSegments: number;
}

/** The message was refused before sending: nothing was sent. */
export class SmsRefusedError extends Error {
  override readonly name = 'SmsRefusedError';
  constructor(readonly problems: readonly SmsProblem[]) {
    super(`The message cannot be sent (${problems.map((p) => p.code).join(', ')}).`);
  }
}

/** The template-SMS capability of the workbench. */
export interface SmsModule extends ModuleLifecycle {
  readonly $templates: ReadableAtom<SmsTemplatesState>;
  /** The last send of each call, by call id. */
  readonly $results: MapStore<Record<string, SmsSendState | undefined>>;
  readonly options: SmsOptions;
  configure(options: Partial<SmsOptions>): void;
  /** Load the templates (once; a failed load is tried again on the next call). */
  loadTemplates(): Promise<readonly SmsTemplate[]>;
  /** What the call tells: its numbers and the variables it fills. */
  contextFor(callId: string, locale: Locale, signal?: AbortSignal): Promise<SmsCallContext>;
  /** Render the message and list why it would be refused (empty when it can be sent). */
  check(composition: SmsComposition): SmsDraftCheck;
  /**
   * Send the message to the call's customer. Rejects with `SmsRefusedError`
   * (nothing sent) or an `AdapterError`. The same message again reuses the
   * idempotency key (one SMS); `again: true` sends it as a new message.
   */
  send(callId: string, composition: SmsComposition, options?: { readonly again?: boolean }): Promise<SmsResult>;
  /** Forget the call's last result (a new message). */
  clearResult(callId: string): void;
  draftKey(callId: string): string;
  getDraft(callId: string): SmsComposition | null;
  saveDraft(callId: string, composition: SmsComposition): void;
  discardDraft(callId: string): void;
}

const KNOWN: { readonly [name: string]: 'name' | 'phone' | 'callTime' | 'agent' | 'ticketNumber' } = {
  name: 'name',
  customerName: 'name',
  phone: 'phone',
  customerPhone: 'phone',
  number: 'phone',
  callTime: 'callTime',
  agent: 'agent',
  agentName: 'agent',
  ticketNumber: 'ticketNumber',
};

function compositionFrom(value: unknown): SmsComposition | null {
  if (!value || typeof value !== 'object') return null;
  const v = value as Record<string, unknown>;
  if (typeof v['to'] !== 'string' || typeof v['templateId'] !== 'string' || !v['values'] || typeof v['values'] !== 'object') return null;
  const values = Object.fromEntries(
    Object.entries(v['values'] as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
  return { to: v['to'], templateId: v['templateId'], values };
}

export function createSmsModule(ctx: ModuleContext, { drafts }: CoreModules): SmsModule {
  const { adapter } = ctx;
  const $templates = atom<SmsTemplatesState>({ status: 'idle', templates: [], error: null });
  const $results = map<Record<string, SmsSendState | undefined>>({});
  let options: SmsOptions = { maxSegments: DEFAULT_MAX_SEGMENTS };
  let templatesPromise: Promise<readonly SmsTemplate[]> | null = null;
  /** Per call: the last message the backend confirmed, and its key (a repeat replays it). */
  const confirmed = new Map<string, { print: string; key: string }>();

  const draftKey = (callId: string): string => `sms:${callId}`;

  function loadTemplates(): Promise<readonly SmsTemplate[]> {
    if (templatesPromise) return templatesPromise;
    $templates.set({ ...$templates.get(), status: 'loading', error: null });
    templatesPromise = adapter.sms.templates({ signal: ctx.signal }).then(
      (templates) => {
        $templates.set({ status: 'ready', templates, error: null });
        return templates;
      },
      (error: unknown) => {
        templatesPromise = null;
        $templates.set({ status: 'error', templates: [], error: messageOf(error) });
        throw error;
      },
    );
    return templatesPromise;
  }

  function templateOf(id: string): SmsTemplate | null {
    return $templates.get().templates.find((t) => t.id === id) ?? null;
  }

  function check(composition: SmsComposition): SmsDraftCheck {
    // Number masking: a masked recipient is checked as the real number, and its E.164 form kept masked.
    const checked = checkSmsDraft({
      to: ctx.numbers.reveal(composition.to),
      template: templateOf(composition.templateId),
      values: composition.values,
      defaultCountry: ctx.defaultCountry,
      maxSegments: options.maxSegments,
    });
    return checked.to === null ? checked : { ...checked, to: ctx.numbers.hide(checked.to) };
  }

  async function customerOf(callId: string, signal: AbortSignal): Promise<Customer | null> {
    const pop = ctx.stores.$calls.get()[callId];
    if (pop?.lookup.customer) return pop.lookup.customer;
    const id = pop?.record?.customerId;
    if (id) return adapter.customers.get(id, { signal }).catch(() => null);
    return null;
  }

  async function latestTicket(callId: string, signal: AbortSignal): Promise<string | null> {
    try {
      await ctx.reports.whenKnown(callId, signal);
      const page = await adapter.tickets.listByCall(callId, { limit: 1 }, { signal });
      return page.items[0]?.number ?? null;
    } catch {
      return null;
    }
  }

  async function contextFor(callId: string, locale: Locale, signal?: AbortSignal): Promise<SmsCallContext> {
    const combined = signal ? AbortSignal.any([signal, ctx.signal]) : ctx.signal;
    const pop = ctx.stores.$calls.get()[callId];
    const [customer, ticketNumber] = await Promise.all([customerOf(callId, combined), latestTicket(callId, combined)]);
    const callNumber = pop?.number ?? pop?.record?.customerNumber ?? customer?.phones[0] ?? '';
    const phones: string[] = [];
    for (const raw of [callNumber, ...(customer?.phones ?? [])]) {
      const e164 = parsePhone(raw, ctx.defaultCountry)?.e164 ?? raw;
      if (e164 && !phones.includes(e164)) phones.push(e164);
    }
    const startedAt = pop?.startedAt ?? (pop?.record ? Date.parse(pop.record.startedAt) : null);
    const agent = ctx.stores.$agent.get();
    const known = {
      name: customer?.name ?? '',
      phone: callNumber ? formatPhone(callNumber) : '',
      callTime: startedAt === null ? '' : formatInstant(startedAt, locale, ctx.timeZone, 'day-time'),
      agent: agent?.name ?? '',
      ticketNumber: ticketNumber ?? '',
    };
    const values: Record<string, string> = {};
    for (const [name, source] of Object.entries(KNOWN)) if (known[source] !== '') values[name] = known[source];
    return { callId, customerId: customer?.id ?? pop?.record?.customerId ?? null, phones, defaultTo: phones[0] ?? '', values };
  }

  async function send(callId: string, composition: SmsComposition, sendOptions: { readonly again?: boolean } = {}): Promise<SmsResult> {
    if ($templates.get().status !== 'ready') await loadTemplates();
    const checked = check(composition);
    if (checked.problems.length > 0 || checked.to === null) throw new SmsRefusedError(checked.problems);
    const template = templateOf(composition.templateId) as SmsTemplate;
    const needed = templateVariables(template);
    const variables = Object.fromEntries(needed.map((name) => [name, composition.values[name] ?? '']));
    // What is sent, normalised: the same message typed twice gets the same fingerprint.
    const message: SmsComposition = { to: checked.to, templateId: template.id, values: variables };
    const print = fingerprint(message);
    const previous = confirmed.get(callId);
    const replayKey = !sendOptions.again && previous?.print === print ? previous.key : null;
    const pop = ctx.stores.$calls.get()[callId];
    const customerId = pop?.lookup.customer?.id ?? pop?.record?.customerId ?? null;
    $results.setKey(callId, { status: 'sending', result: null, error: null, to: checked.to, templateId: template.id });
    try {
      const { result, key } = await drafts.submitDraft(draftKey(callId), message, async (idempotencyKey) => {
        const key = replayKey ?? idempotencyKey;
        const result = await adapter.sms.send(
          { to: checked.to as string, templateId: template.id, variables, callId, customerId },
          { idempotencyKey: key, signal: ctx.signal },
        );
        return { result, key };
      });
      confirmed.set(callId, { print, key });
      $results.setKey(callId, { status: 'done', result, error: null, to: checked.to, templateId: template.id });
      return result;
    } catch (error) {
      $results.setKey(callId, { status: 'error', result: null, error: messageOf(error), to: checked.to, templateId: template.id });
      throw error;
    }
  }

  return {
    $templates,
    $results,
    get options() {
      return options;
    },
    configure(changes) {
      options = { ...options, ...changes };
    },
    loadTemplates,
    contextFor,
    check,
    send,
    clearResult(callId) {
      $results.setKey(callId, undefined);
    },
    draftKey,
    getDraft(callId) {
      return compositionFrom(drafts.getDraft(draftKey(callId)));
    },
    saveDraft(callId, composition) {
      drafts.setDraft(draftKey(callId), composition);
    },
    discardDraft(callId) {
      drafts.clearDraft(draftKey(callId));
    },
  };
}

/** Attach with `workbench.use(smsModule)`; `<sms-composer>` does. */
export const smsModule = defineModule('sms', createSmsModule);
