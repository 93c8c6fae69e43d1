import { html, nothing, type TemplateResult } from 'lit';
import type { FieldValue, FormField, Ticket, TicketSchema } from '../../src/adapter/types.js';
import { cascadeOptions } from '../../src/forms/cascade.js';
import { categoryPath, categoryPathLabel } from '../../src/forms/categories.js';
import { isKnownFieldType } from '../../src/forms/schema.js';
import { localizeText, translateFrom, type Locale } from '../../src/i18n/locale.js';
import type { AgentsState } from '../../src/workbench/tickets.js';
import { ticketTabMessages, type TicketTabMessage } from './ticket-tab.messages.js';

const formats = new Map<string, Intl.DateTimeFormat>();

/** An instant as a short local date and time ("2026/11/25 14:05"). */
export function formatInstant(instant: string, locale: Locale): string {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return '';
  let format = formats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' });
    formats.set(locale, format);
  }
  return format.format(date);
}

/** Everything a ticket view needs besides the ticket. */
export interface TicketViewContext {
  readonly locale: Locale;
  readonly agents: AgentsState | undefined;
  readonly schema: TicketSchema | null;
}

export function ticketText(locale: Locale, key: TicketTabMessage, params: { readonly [name: string]: string | number } = {}): string {
  return translateFrom(ticketTabMessages, locale, key, params);
}

/** The assignee's name, the raw id when the agent is unknown, or "Unassigned". */
export function assigneeName(ticket: Ticket, context: TicketViewContext): string {
  if (!ticket.assigneeId) return ticketText(context.locale, 'unassigned');
  return context.agents?.byId[ticket.assigneeId]?.name ?? ticket.assigneeId;
}

function fieldValueText(field: FormField | undefined, value: FieldValue, locale: Locale): string {
  const yes = ticketText(locale, 'yes');
  const no = ticketText(locale, 'no');
  if (value === null) return '';
  if (!field || !isKnownFieldType(field.type)) return Array.isArray(value) ? value.join(' / ') : String(value);
  const label = (v: string): string => {
    const option = field.options?.find((o) => o.value === v);
    return option ? localizeText(option.label, locale) : v;
  };
  switch (field.type) {
    case 'select':
      return typeof value === 'string' ? label(value) : String(value);
    case 'multiselect':
      return Array.isArray(value) ? value.map(label).join(', ') : String(value);
    case 'cascade': {
      if (!Array.isArray(value)) return String(value);
      const chosen = cascadeOptions(field.options ?? [], value);
      return chosen ? chosen.map((o) => localizeText(o.label, locale)).join(' › ') : value.join(' / ');
    }
    case 'checkbox':
      return value === true ? yes : no;
    case 'datetime':
      return typeof value === 'string' ? formatInstant(value, locale) || value : String(value);
    default:
      return Array.isArray(value) ? value.join(', ') : String(value);
  }
}

/** A ticket's details: everything from the backend is rendered as text. */
export function renderTicket(ticket: Ticket, context: TicketViewContext): TemplateResult {
  const { locale, schema } = context;
  const t = (key: TicketTabMessage, params?: { readonly [name: string]: string | number }): string => ticketText(locale, key, params);
  const path = schema ? categoryPath(schema.categories, ticket.categoryId) : null;
  const fields = Object.entries(ticket.fields).filter(([, value]) => value !== null);
  return html`<article part="ticket" aria-labelledby="ticket-title">
    <h3 id="ticket-title" part="ticket-title">
      <span part="ticket-number">${ticket.number}</span> ${ticket.title}
    </h3>
    <dl part="ticket-facts">
      <dt>${t('status')}</dt>
      <dd><span part="status" data-status=${ticket.status}>${t(`status.${ticket.status}`)}</span></dd>
      <dt>${t('priority')}</dt>
      <dd><span part="priority" data-priority=${ticket.priority}>${t(`priority.${ticket.priority}`)}</span></dd>
      <dt>${t('assignee')}</dt>
      <dd>${assigneeName(ticket, context)}</dd>
      <dt>${t('category')}</dt>
      <dd>${path ? categoryPathLabel(path, locale) : (ticket.categoryId ?? '—')}</dd>
      <dt>${t('created')}</dt>
      <dd>${formatInstant(ticket.createdAt, locale)}</dd>
      <dt>${t('updated')}</dt>
      <dd>${formatInstant(ticket.updatedAt, locale)}</dd>
    </dl>
    <h4>${t('description')}</h4>
    <p part="ticket-description" class=${ticket.description ? '' : 'muted'}>${ticket.description || t('noDescription')}</p>
    ${fields.length > 0
      ? html`<h4>${t('fields')}</h4>
          <dl part="ticket-fields">
            ${fields.map(([key, value]) => {
              const field = schema?.fields.find((f) => f.key === key);
              return html`<dt>${field ? localizeText(field.label, locale) : key}</dt>
                <dd>${fieldValueText(field, value, locale)}</dd>`;
            })}
          </dl>`
      : nothing}
  </article>`;
}
