import type { Customer, CustomerInput, CustomerLevel } from '../adapter/types.js';
import type { MessageKey } from '../i18n/messages.js';
import { formatPhone, parsePhone } from '../phone/index.js';

/** What the customer form holds while the agent types: plain strings, as typed. */
export interface CustomerFormValues {
  name: string;
  phones: string[];
  email: string;
  company: string;
  address: string;
  level: CustomerLevel;
  tags: string;
  notes: string;
}

export type CustomerFormField = Exclude<keyof CustomerFormValues, 'phones'> | `phones.${number}` | 'phones';

/** A validation problem, as a message key and its parameters (the element translates it). */
export interface FormProblem {
  readonly key: MessageKey;
  readonly params: { readonly [name: string]: string | number };
}

export const customerLimits = {
  name: 100,
  email: 254,
  company: 200,
  address: 300,
  notes: 2000,
  tags: 500,
  phones: 10,
} as const;

/** The form's starting values for a customer (or a new one with a prefilled number). */
export function customerFormValues(customer: Customer | null, phone?: string): CustomerFormValues {
  return {
    name: customer?.name ?? '',
    phones: customer ? customer.phones.map((p) => formatPhone(p)) : [phone ? formatPhone(phone) : ''],
    email: customer?.email ?? '',
    company: customer?.company ?? '',
    address: customer?.address ?? '',
    level: customer?.level ?? 'normal',
    tags: customer?.tags.join(', ') ?? '',
    notes: customer?.notes ?? '',
  };
}

/**
 * Check the form and turn it into what the backend takes: numbers parsed to
 * E.164 (any common way of writing them), text trimmed, lengths checked.
 * Returns the input, or the problems by field.
 */
export function validateCustomerForm(
  values: CustomerFormValues,
  defaultCountry: string,
): { readonly input: CustomerInput | null; readonly problems: Partial<Record<CustomerFormField, FormProblem>> } {
  const problems: Partial<Record<CustomerFormField, FormProblem>> = {};
  const text = (field: 'name' | 'email' | 'company' | 'address' | 'notes' | 'tags', label: MessageKey): string => {
    const value = values[field].trim();
    const max = customerLimits[field];
    if (value.length > max) {
      problems[field] = { key: 'error.tooLong', params: { field: label, length: value.length, max } };
    }
    return value;
  };
  const name = text('name', 'customer.name');
  if (!name && !problems.name) problems.name = { key: 'error.required', params: { field: 'customer.name' } };
  const email = text('email', 'customer.email');
  if (email && !problems.email && !/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(email)) {
    problems.email = { key: 'error.email', params: {} };
  }
  const company = text('company', 'customer.company');
  const address = text('address', 'customer.address');
  const notes = text('notes', 'customer.notes');
  const tagsText = text('tags', 'customer.tags');

  const phones: string[] = [];
  values.phones.slice(0, customerLimits.phones).forEach((raw, index) => {
    if (!raw.trim()) return;
    const parsed = parsePhone(raw, defaultCountry);
    if (!parsed || !/^\+[1-9]\d{6,14}$/.test(parsed.e164)) {
      problems[`phones.${index}`] = { key: 'error.phone', params: { value: raw.trim().slice(0, 40) } };
    } else if (!phones.includes(parsed.e164)) {
      phones.push(parsed.e164);
    }
  });
  if (phones.length === 0 && !Object.keys(problems).some((k) => k.startsWith('phones.'))) {
    problems.phones = { key: 'error.phonesRequired', params: {} };
  }
  if (Object.keys(problems).length > 0) return { input: null, problems };
  return {
    input: {
      name,
      phones,
      email: email || null,
      company: company || null,
      address: address || null,
      level: values.level === 'vip' ? 'vip' : 'normal',
      tags: [...new Set(tagsText.split(/[,，;；]/).map((t) => t.trim()).filter(Boolean))],
      notes: notes || null,
    },
    problems,
  };
}
