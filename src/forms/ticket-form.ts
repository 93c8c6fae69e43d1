import type { FieldValue, TicketInput, TicketPriority, TicketSchema } from '../adapter/types.js';
import { flattenCategories } from './categories.js';
import { checkSchema } from './schema.js';
import { normalizeValues, validateValues, type FieldProblem, type FieldValues } from './values.js';

/** What the create-ticket form holds while the agent types (its draft). */
export interface TicketFormValues {
  readonly title: string;
  readonly description: string;
  readonly priority: TicketPriority;
  readonly categoryId: string | null;
  readonly assigneeId: string | null;
  /** The schema's custom fields, by key. */
  readonly fields: FieldValues;
}

export const TICKET_PRIORITIES: readonly TicketPriority[] = ['low', 'normal', 'high', 'urgent'];

export const ticketLimits = { title: 200, description: 5000 } as const;

/** The keys of the ticket's own fields in a problems map (custom fields use their schema key). */
export const TICKET_FIELD_KEYS = ['title', 'description', 'priority', 'categoryId', 'assigneeId'] as const;
export type TicketFieldKey = (typeof TICKET_FIELD_KEYS)[number];

export function emptyTicketForm(): TicketFormValues {
  return { title: '', description: '', priority: 'normal', categoryId: null, assigneeId: null, fields: {} };
}

/** A draft read back from storage, with anything malformed replaced by the default. */
export function ticketFormFromDraft(draft: unknown): TicketFormValues | null {
  if (typeof draft !== 'object' || draft === null) return null;
  const d = draft as Partial<Record<keyof TicketFormValues, unknown>>;
  const base = emptyTicketForm();
  const fields = typeof d.fields === 'object' && d.fields !== null && !Array.isArray(d.fields) ? (d.fields as FieldValues) : {};
  return {
    title: typeof d.title === 'string' ? d.title : base.title,
    description: typeof d.description === 'string' ? d.description : base.description,
    priority: TICKET_PRIORITIES.includes(d.priority as TicketPriority) ? (d.priority as TicketPriority) : base.priority,
    categoryId: typeof d.categoryId === 'string' ? d.categoryId : null,
    assigneeId: typeof d.assigneeId === 'string' ? d.assigneeId : null,
    fields,
  };
}

/**
 * Checks the create-ticket form against the schema and builds what the backend
 * takes. Problems are keyed by `title`, `description`, `categoryId`… and by
 * custom field key.
 */
export function validateTicketForm(
  values: TicketFormValues,
  schema: TicketSchema,
  link: { readonly callId: string | null; readonly customerId: string | null },
): { readonly input: TicketInput | null; readonly problems: Record<string, FieldProblem> } {
  const problems: Record<string, FieldProblem> = {};
  const title = values.title.trim();
  if (!title) problems['title'] = { code: 'required', params: {} };
  else if ([...title].length > ticketLimits.title) {
    problems['title'] = { code: 'tooLong', params: { max: ticketLimits.title, length: [...title].length } };
  }
  if ([...values.description].length > ticketLimits.description) {
    problems['description'] = {
      code: 'tooLong',
      params: { max: ticketLimits.description, length: [...values.description].length },
    };
  }
  if (values.categoryId !== null && !flattenCategories(schema.categories).some((e) => e.node.id === values.categoryId)) {
    problems['categoryId'] = { code: 'notOption', params: {} };
  }
  // Fields the schema itself breaks are not asked of the agent (they are shown read-only with the reason).
  const broken = new Set(checkSchema(schema.fields).map((p) => p.key));
  const usable = schema.fields.filter((field) => !broken.has(field.key));
  const fieldProblems = validateValues(usable, values.fields);
  for (const [key, found] of Object.entries(fieldProblems)) {
    if (!(TICKET_FIELD_KEYS as readonly string[]).includes(key)) problems[key] = found;
  }
  if (Object.keys(problems).length > 0) return { input: null, problems };
  const fields: Record<string, FieldValue> = normalizeValues(usable, values.fields);
  return {
    input: {
      title,
      description: values.description.trim(),
      priority: values.priority,
      categoryId: values.categoryId,
      assigneeId: values.assigneeId,
      customerId: link.customerId,
      callId: link.callId,
      fields,
    },
    problems,
  };
}

/**
 * The field problems of a backend `validation` error (`fields` keyed
 * `title`, `fields.<key>`…), as `server` problems showing its message.
 */
export function problemsFromBackend(fields: { readonly [key: string]: string }): Record<string, FieldProblem> {
  const out: Record<string, FieldProblem> = {};
  for (const [key, message] of Object.entries(fields)) {
    const local = key.startsWith('fields.') ? key.slice('fields.'.length) : key;
    out[local] = { code: 'server', params: { message: message.slice(0, 300) } };
  }
  return out;
}
