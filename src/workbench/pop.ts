import { AdapterError } from '../adapter/errors.js';
import type { Agent, CallOutcome, CallRecord, CallReport, Customer } from '../adapter/types.js';
import { parsePhone } from '../phone/index.js';
import type { CustomerLookup, PopState, SurveyOfferState } from '../state/pop-state.js';
import type { CallQuality, SoftphoneCall } from '../telephony/softphone.js';
import { QualityTracker } from './call-quality.js';
import { messageOf, type ModuleContext } from './context.js';
import { CallpopPopEvent } from './events.js';

/** How long a number → customer answer is reused for the next call from the same number. */
const LOOKUP_TTL_MS = 30_000;
/** Numbers whose customer lookup is kept for calls from the same number (a shift sees thousands). */
const LOOKUP_CACHE_SIZE = 100;

/**
 * Ended calls a workbench keeps in `$calls` (and "My calls"), newest first; older ones are
 * forgotten as new calls come (the backend still has them: "My calls" pages and the records read
 * them again). Live calls, the call on screen and a call with an unsaved draft (summary, ticket,
 * SMS, contact plan) are never forgotten, so what the agent typed stays in reach.
 */
export const MAX_ENDED_POPS = 200;

export interface PopModule {
  /** Show this call's pop. Earlier calls load their customer when first shown. */
  selectCall(callId: string): void;
  /** Look the call's customer up again (after a failure). */
  retryLookup(callId: string): void;
  /** Start loading an earlier call's customer if nobody has yet (a pop shown without being selected). */
  loadCustomer(callId: string): void;
  /** Put a known customer on every pop of this customer (after an edit) or on one call (after a link). */
  applyCustomer(customer: Customer, callId?: string): void;
  /** Forget cached lookups (after a customer was created or changed). */
  invalidateLookups(): void;
  /** Add calls from the backend's records (My calls), without popping them. */
  addRecords(records: readonly CallRecord[]): void;
  /**
   * A call appeared or changed (from the phone module, which decides first
   * whether a new call is offered to the agent). An offered new call opens
   * its pop (switching to it unless the agent is talking on another) and
   * fires `callpop-pop`; a refused one is only listed.
   */
  onCall(call: SoftphoneCall, admission: { readonly offered: boolean }): void;
  /** A media-quality sample of a live call (the softphone's `quality` event): shown, and kept for the call report. */
  onQuality(callId: string, quality: CallQuality): void;
  /** The survey hand-over of a call changed (from the phone module's `transferToSurvey`). */
  setSurvey(callId: string, survey: SurveyOfferState): void;
  /** Abort the lookups in flight (the workbench is going away). */
  dispose(): void;
}

const pendingLookup: CustomerLookup = { status: 'pending', customer: null, matches: 0, error: null };

export function createPopModule(ctx: ModuleContext): PopModule {
  const { $calls, $activeCallId } = ctx.stores;
  const lookups = new Map<string, AbortController>();
  const cache = new Map<string, { at: number; promise: Promise<readonly Customer[]> }>();
  const quality = new QualityTracker();

  /**
   * The backend's later changes to the calls of this session (the IVR's survey
   * score): followed from the first survey hand-over, so a workbench that never
   * offers one opens no event stream for it. A backend whose subscribe throws
   * costs only these updates.
   */
  let following = false;
  function followUpdates(): void {
    if (following) return;
    following = true;
    try {
      ctx.adapter.subscribe(
        ['call.updated'],
        (event) => {
          if (event.type !== 'call.updated') return;
          const pop = $calls.get()[event.call.id];
          if (pop && (pop.record === null || event.call.version > pop.record.version)) patch(pop.callId, { record: event.call });
        },
        { signal: ctx.signal },
      );
    } catch (error) {
      console.warn("callpop: could not follow the backend's call updates", error);
    }
  }

  function patch(callId: string, changes: Partial<PopState>): void {
    const current = $calls.get()[callId];
    if (current) $calls.setKey(callId, { ...current, ...changes });
  }

  function normalise(raw: string): string {
    return parsePhone(raw, ctx.defaultCountry)?.e164 ?? raw.replace(/[^\d+*#]/g, '').slice(0, 32);
  }

  function findByPhone(number: string): Promise<readonly Customer[]> {
    const hit = cache.get(number);
    if (hit && ctx.now() - hit.at < LOOKUP_TTL_MS) return hit.promise;
    // Shared between calls from the same number, so it is not tied to one call's signal.
    const promise = ctx.adapter.customers.findByPhone(number, { signal: ctx.signal });
    cache.delete(number);
    cache.set(number, { at: ctx.now(), promise });
    // Oldest first (a Map keeps insertion order): a shift of distinct numbers keeps the last 100.
    while (cache.size > LOOKUP_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    promise.catch(() => {
      if (cache.get(number)?.promise === promise) cache.delete(number);
    });
    return promise;
  }

  /** Look up one call's customer. Each call has its own lookup: a slow one never blocks or lands on another call. */
  function lookup(callId: string): void {
    const pop = $calls.get()[callId];
    if (!pop) return;
    lookups.get(callId)?.abort();
    const controller = new AbortController();
    lookups.set(callId, controller);
    patch(callId, { lookup: pendingLookup });
    const customerId = pop.record?.customerId ?? null;
    const request: Promise<readonly Customer[]> =
      customerId !== null
        ? ctx.adapter.customers.get(customerId, { signal: controller.signal }).then((c) => [c])
        : pop.number
          ? findByPhone(pop.number)
          : Promise.resolve([]);
    request.then(
      (customers) => {
        if (controller.signal.aborted || lookups.get(callId) !== controller) return;
        lookups.delete(callId);
        const [first] = customers;
        patch(callId, {
          lookup: first
            ? { status: 'found', customer: first, matches: customers.length, error: null }
            : { status: 'unknown', customer: null, matches: 0, error: null },
        });
      },
      (error: unknown) => {
        if (controller.signal.aborted || lookups.get(callId) !== controller) return;
        lookups.delete(callId);
        if (error instanceof AdapterError && error.code === 'aborted') return;
        patch(callId, { lookup: { status: 'error', customer: null, matches: 0, error: messageOf(error) } });
      },
    );
  }

  function loadCustomer(callId: string): void {
    if ($calls.get()[callId]?.lookup.status === 'pending' && !lookups.has(callId)) lookup(callId);
  }

  function outcomeOf(call: SoftphoneCall): CallOutcome | null {
    if (call.state !== 'ended') return null;
    if (call.answeredAt !== null) return 'answered';
    switch (call.endReason) {
      case 'rejected':
        return 'rejected';
      case 'busy':
        return 'busy';
      case 'failed':
        return 'failed';
      default:
        return call.direction === 'inbound' ? 'missed' : 'abandoned';
    }
  }

  const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

  /** The signed-in agent; a call that rings before `agents.me()` answers waits for it. */
  function agentReady(): Promise<Agent | null> {
    const agent = ctx.stores.$agent.get();
    if (agent) return Promise.resolve(agent);
    return new Promise((resolve) => {
      const stop = (value: Agent | null): void => {
        off();
        ctx.signal.removeEventListener('abort', onAbort);
        resolve(value);
      };
      const onAbort = (): void => stop(null);
      const off = ctx.stores.$agent.listen((value) => {
        if (value) stop(value);
      });
      ctx.signal.addEventListener('abort', onAbort);
    });
  }

  /** What the report of an ended call adds: why it ended, the survey offered, the quality summary. */
  function endExtras(call: SoftphoneCall): Pick<CallReport, 'endReason' | 'survey' | 'quality'> {
    const survey = $calls.get()[call.id]?.survey;
    return {
      endReason: call.endReason,
      survey: survey?.status === 'offered' && survey.offeredAt !== null ? { offeredAt: new Date(survey.offeredAt).toISOString(), mode: survey.mode } : null,
      quality: quality.summary(call.id),
    };
  }

  async function report(call: SoftphoneCall, number: string): Promise<void> {
    const agent = await agentReady();
    if (!agent) return;
    const body: CallReport = {
      id: call.id,
      direction: call.direction,
      customerNumber: number,
      displayNumber: call.displayNumber,
      agentId: agent.id,
      startedAt: new Date(call.startedAt).toISOString(),
      answeredAt: iso(call.answeredAt),
      endedAt: iso(call.endedAt),
      hangupBy: call.hangupBy,
      outcome: outcomeOf(call),
      variables: call.variables,
      ...(call.state === 'ended' ? endExtras(call) : {}),
    };
    const idempotencyKey = `call:${call.id}:${call.state}:${call.answeredAt ?? ''}`;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      try {
        const record = await ctx.adapter.calls.report(body, { idempotencyKey, signal: ctx.signal });
        const pop = $calls.get()[call.id];
        // Keep the newest record: a late answer to an earlier report must not win.
        if (pop && (pop.record === null || record.version >= pop.record.version)) patch(call.id, { record });
        return;
      } catch (error) {
        if (!(error instanceof AdapterError) || !error.retryable) break;
        await new Promise((resolve) => ctx.timers.setTimeout(() => resolve(undefined), 500 * 2 ** attempt));
      }
    }
    if (!ctx.signal.aborted) console.warn(`callpop: the backend did not take the record of call ${call.id}`);
  }

  function onCall(call: SoftphoneCall, admission: { readonly offered: boolean }): void {
    const existing = $calls.get()[call.id];
    if (!existing) {
      const number = normalise(call.remoteNumber);
      const pop: PopState = {
        callId: call.id,
        direction: call.direction,
        number,
        rawNumber: call.remoteNumber,
        remoteName: call.remoteName,
        displayNumber: call.displayNumber,
        state: call.state,
        live: call.state !== 'ended',
        muted: call.muted,
        startedAt: call.startedAt,
        answeredAt: call.answeredAt,
        endedAt: call.endedAt,
        outcome: outcomeOf(call),
        lookup: pendingLookup,
        record: null,
      };
      $calls.setKey(call.id, pop);
      const recent = ctx.stores.$recentCalls.get();
      ctx.stores.$recentCalls.set({ ...recent, ids: [call.id, ...recent.ids.filter((id) => id !== call.id)] });
      if (admission.offered) {
        // Switch to the new call unless the agent is talking on another one (call waiting).
        const active = $activeCallId.get();
        const activeState = active === null ? null : $calls.get()[active]?.state;
        if (activeState !== 'connected' && activeState !== 'held') $activeCallId.set(call.id);
        ctx.events.dispatchEvent(new CallpopPopEvent({ callId: call.id, direction: call.direction, number }));
      }
      lookup(call.id);
      forgetOldCalls();
      // Reads about the call (summary, transcript, tickets) wait until the backend knows it.
      ctx.reports.begin(call.id);
      void report(call, number).finally(() => ctx.reports.settle(call.id));
      return;
    }
    const linked = quality.link(call.id, call.link);
    let survey = existing.survey;
    // A REFER to the survey is offered once the call leaves as transferred; ended otherwise, it was not.
    if (call.state === 'ended' && survey?.status === 'sending') {
      survey = call.endReason === 'transferred' ? { ...survey, status: 'offered' } : { ...survey, status: 'refused', offeredAt: null };
    } else if (survey?.status === 'sending' && survey.offeredAt !== null && call.transferFailed !== undefined) {
      // The SIP server took the REFER, then the survey refused the call (NOTIFY 4xx–6xx): it stays with the agent.
      survey = { ...survey, status: 'refused', offeredAt: null, error: `SIP ${call.transferFailed}` };
    }
    patch(call.id, {
      state: call.state,
      live: call.state !== 'ended',
      muted: call.muted,
      answeredAt: call.answeredAt,
      endedAt: call.endedAt,
      outcome: outcomeOf(call),
      ...(linked ? { quality: linked } : {}),
      ...(survey ? { survey } : {}),
      ...(call.state === 'ended' ? { endReason: call.endReason } : {}),
    });
    if (call.state !== existing.state && (call.state === 'connected' || call.state === 'ended')) {
      // The ended call's report carries its quality summary; after it the tracker lets the call go.
      void report(call, existing.number).finally(() => {
        if (call.state === 'ended') quality.forget(call.id);
      });
      if (call.state === 'ended') forgetOldCalls();
    }
  }

  /** Keeps at most {@link MAX_ENDED_POPS} ended calls: the oldest others are forgotten here (not in the backend). */
  function forgetOldCalls(): void {
    const calls = $calls.get();
    const active = $activeCallId.get();
    // Draft keys are `<form>:<call id>` (summary:…, ticket:…, sms:…, contact-plan:…).
    const drafted = new Set(
      Object.entries(ctx.stores.$drafts.get())
        .filter(([, draft]) => draft !== undefined)
        .map(([key]) => key.slice(key.indexOf(':') + 1)),
    );
    const ended = Object.values(calls).filter(
      (pop): pop is PopState => pop !== undefined && !pop.live && pop.callId !== active && !drafted.has(pop.callId),
    );
    if (ended.length <= MAX_ENDED_POPS) return;
    // Newest first; calls that started in the same millisecond, the later one first (insertion order reversed).
    ended.reverse().sort((a, b) => b.startedAt - a.startedAt);
    const gone = new Set(ended.slice(MAX_ENDED_POPS).map((pop) => pop.callId));
    for (const callId of gone) {
      lookups.get(callId)?.abort();
      lookups.delete(callId);
      quality.forget(callId);
      $calls.setKey(callId, undefined);
    }
    const recent = ctx.stores.$recentCalls.get();
    if (recent.ids.some((id) => gone.has(id))) ctx.stores.$recentCalls.set({ ...recent, ids: recent.ids.filter((id) => !gone.has(id)) });
  }

  function fromRecord(record: CallRecord): PopState {
    return {
      callId: record.id,
      direction: record.direction,
      number: normalise(record.customerNumber),
      rawNumber: record.customerNumber,
      remoteName: null,
      displayNumber: record.displayNumber,
      state: 'ended',
      live: false,
      muted: false,
      startedAt: Date.parse(record.startedAt),
      answeredAt: record.answeredAt === null ? null : Date.parse(record.answeredAt),
      endedAt: record.endedAt === null ? null : Date.parse(record.endedAt),
      outcome: record.outcome,
      lookup: pendingLookup,
      record,
    };
  }

  return {
    selectCall(callId) {
      if (!$calls.get()[callId]) return;
      $activeCallId.set(callId);
      loadCustomer(callId);
    },
    loadCustomer,
    retryLookup(callId) {
      const pop = $calls.get()[callId];
      if (pop) cache.delete(pop.number);
      lookup(callId);
    },
    applyCustomer(customer, callId) {
      if (callId !== undefined) {
        // The agent chose this customer: a lookup still on its way must not overwrite it.
        lookups.get(callId)?.abort();
        lookups.delete(callId);
      }
      for (const [id, pop] of Object.entries($calls.get())) {
        if (!pop) continue;
        if (id === callId || pop.lookup.customer?.id === customer.id) {
          patch(id, { lookup: { status: 'found', customer, matches: Math.max(1, pop.lookup.matches), error: null } });
        }
      }
    },
    invalidateLookups() {
      cache.clear();
    },
    addRecords(records) {
      for (const record of records) {
        const existing = $calls.get()[record.id];
        if (!existing) $calls.setKey(record.id, fromRecord(record));
        else if (!existing.live) patch(record.id, { record, outcome: record.outcome ?? existing.outcome });
      }
    },
    onCall,
    onQuality(callId, sample) {
      if (!$calls.get()[callId]?.live) return;
      const next = quality.sample(callId, sample);
      if (next) patch(callId, { quality: next });
    },
    setSurvey(callId, survey) {
      followUpdates();
      patch(callId, { survey });
    },
    dispose() {
      lookups.forEach((controller) => controller.abort());
      lookups.clear();
    },
  };
}
