/**
 * Smart fill with the backend's extractor when the adapter has one, falling
 * back to the local rules when it fails or is too slow.
 */
import type { BackendAdapter } from '../adapter/backend-adapter.js';
import { AdapterError } from '../adapter/errors.js';
import type { FieldValue, FormField, SmartFillRequest, SmartFillResult, SmartFillValue } from '../adapter/types.js';
import { round } from './candidates.js';
import { prepareSmartFill } from './prepare.js';
import { smartFill } from './smart-fill.js';
import { finalSegments } from './text.js';
import type { SmartFillField, SmartFillInput, SmartFillOutput } from './types.js';

/** How long the backend's extractor may take before the local rules answer instead. */
export const DEFAULT_SMART_FILL_TIMEOUT_MS = 3000;

export interface RunSmartFillOptions {
  /** The backend; its optional `smartFill` extractor is tried first. */
  readonly adapter?: BackendAdapter;
  /** Default {@link DEFAULT_SMART_FILL_TIMEOUT_MS}. */
  readonly timeoutMs?: number;
  /** Aborting rejects with an `AdapterError` of code `aborted` (no fallback). */
  readonly signal?: AbortSignal;
}

/**
 * Fills the form from the conversation: with `adapter.smartFill.extract` when
 * the adapter has it (`source: 'backend'`; only values for the asked fields'
 * keys are kept), else — or when it fails or takes longer than `timeoutMs` —
 * with the local rules of {@link smartFill} (`source: 'local'`). An empty
 * conversation answers `empty: true` without asking the backend.
 *
 * @example
 * ```ts
 * const output = await runSmartFill(
 *   { callId, segments, fields: summaryFields(schema), categories: schema.categories,
 *     templates: schema.templates, statuses: schema.statuses, callTime: call.startedAt },
 *   { adapter: workbench.adapter, timeoutMs: 3000, signal },
 * );
 * ```
 */
export async function runSmartFill(
  input: SmartFillInput & { readonly callId: string },
  options: RunSmartFillOptions = {},
): Promise<SmartFillOutput> {
  const { signal } = options;
  throwIfAborted(signal);
  const api = options.adapter?.smartFill;
  // The local engine, with the phone metadata of every region (loaded once, with this chunk's first fill).
  const local = async (): Promise<SmartFillOutput> => {
    await prepareSmartFill();
    throwIfAborted(signal);
    return smartFill(input);
  };
  if (!api || typeof api.extract !== 'function') return local();
  const segments = finalSegments(input.segments);
  if (segments.length === 0) return { values: [], empty: true, source: 'local' };

  const timeoutMs =
    typeof options.timeoutMs === 'number' && options.timeoutMs >= 0 ? options.timeoutMs : DEFAULT_SMART_FILL_TIMEOUT_MS;
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  const stop = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new AdapterError('timeout', 'The smart-fill backend did not answer in time.'));
      controller.abort(new DOMException('Smart fill timed out.', 'TimeoutError'));
    }, timeoutMs);
    onAbort = () => {
      reject(new AdapterError('aborted', 'The request was cancelled.'));
      controller.abort(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  stop.catch(() => undefined);
  try {
    const result = await Promise.race([api.extract(toRequest(input, segments), { signal: controller.signal }), stop]);
    return { values: keepKnown(result, input.fields), empty: false, source: 'backend' };
  } catch {
    throwIfAborted(signal);
    return local();
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AdapterError('aborted', 'The request was cancelled.');
}

function toRequest(
  input: SmartFillInput & { readonly callId: string },
  segments: SmartFillRequest['segments'],
): SmartFillRequest {
  const callTime = input.callTime instanceof Date ? input.callTime : new Date(input.callTime);
  return {
    callId: input.callId,
    segments,
    fields: (Array.isArray(input.fields) ? input.fields : []).map(toFormField),
    categories: input.categories ?? [],
    templates: input.templates ?? [],
    statuses: input.statuses ?? [],
    callTime: Number.isFinite(callTime.getTime()) ? callTime.toISOString() : String(input.callTime),
  };
}

function toFormField(field: SmartFillField): FormField {
  return {
    key: field.key,
    label: field.key,
    type: field.type,
    extract: field.kind,
    ...(field.pattern !== undefined ? { pattern: field.pattern } : {}),
    ...(field.multiple === true ? { multiple: true } : {}),
    ...(field.options !== undefined ? { options: field.options.map((o) => ({ value: o.value, label: o.label })) } : {}),
  };
}

function isFieldValue(value: unknown): value is FieldValue {
  return (
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value)) ||
    (Array.isArray(value) && value.every((v) => typeof v === 'string'))
  );
}

/** The backend's values for the asked keys only (first per key), well-formed. */
function keepKnown(result: SmartFillResult | undefined, fields: readonly SmartFillField[]): SmartFillValue[] {
  const keys = new Set((Array.isArray(fields) ? fields : []).map((f) => f.key));
  const out: SmartFillValue[] = [];
  const values: readonly unknown[] = Array.isArray(result?.values) ? result.values : [];
  for (const item of values) {
    if (item === null || typeof item !== 'object') continue;
    const v = item as Partial<SmartFillValue>;
    if (typeof v.key !== 'string' || !keys.has(v.key) || !isFieldValue(v.value)) continue;
    keys.delete(v.key);
    out.push({
      key: v.key,
      value: v.value,
      confidence: typeof v.confidence === 'number' && Number.isFinite(v.confidence) ? round(v.confidence) : 0,
      segmentIds: Array.isArray(v.segmentIds) ? v.segmentIds.filter((id): id is string => typeof id === 'string') : [],
      ...(Array.isArray(v.items) ? { items: v.items } : {}),
    });
  }
  return out;
}
