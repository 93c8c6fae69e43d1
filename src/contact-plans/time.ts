/**
 * Contact plan times: the agent types and reads them in their own time zone
 * (an `<input type="datetime-local">` value such as `2026-11-25T09:30`), the
 * backend stores instants. Everything here is pure: the zone is an IANA name
 * (`Asia/Shanghai`, `America/New_York`) and the clock is passed in.
 *
 * Daylight-saving days follow the usual "compatible" rule: a wall time that
 * does not exist (skipped by a spring-forward) is moved forward by the length
 * of the gap; a wall time that happens twice (fall-back) is the earlier one.
 *
 * @packageDocumentation
 */
import { formatInstant } from '../i18n/format.js';
import { isValidTimeZone } from '../i18n/time-zone.js';

export { browserTimeZone, isValidTimeZone } from '../i18n/time-zone.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** How far in the past a plan's start may be (typing takes time). */
export const START_GRACE_MS = 5 * MINUTE;

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}


interface Wall {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

function wallOf(epochMs: number, timeZone: string): Wall {
  const values: Record<string, number> = {};
  for (const part of partsFormatter(timeZone).formatToParts(new Date(epochMs))) {
    if (part.type !== 'literal') values[part.type] = Number(part.value);
  }
  return {
    year: values['year'] ?? 1970,
    month: values['month'] ?? 1,
    day: values['day'] ?? 1,
    hour: (values['hour'] ?? 0) % 24,
    minute: values['minute'] ?? 0,
    second: values['second'] ?? 0,
  };
}

const asUtc = (w: Wall): number => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);

/** The zone's offset from UTC at an instant, in ms (Shanghai: +8 h). */
export function zoneOffset(epochMs: number, timeZone: string): number {
  const whole = Math.floor(epochMs / 1000) * 1000;
  return asUtc(wallOf(whole, timeZone)) - whole;
}

function parseLocal(value: string): Wall | null {
  const match = typeof value === 'string' ? LOCAL.exec(value.trim()) : null;
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map((n) => Number(n ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  return { year, month, day, hour, minute, second };
}

/**
 * The instant (epoch ms) a `datetime-local` value means in `timeZone`, or null
 * when the value is not a date and time or the zone is unknown.
 */
export function zonedToInstant(value: string, timeZone: string): number | null {
  const wall = parseLocal(value);
  if (!wall || !isValidTimeZone(timeZone)) return null;
  const guess = asUtc(wall);
  const before = zoneOffset(guess - 24 * HOUR, timeZone);
  const after = zoneOffset(guess + 24 * HOUR, timeZone);
  const matches = [...new Set([before, after])]
    .map((offset) => guess - offset)
    .filter((t) => asUtc(wallOf(t, timeZone)) === guess);
  if (matches.length > 0) return Math.min(...matches);
  // A skipped wall time: move it forward by the gap.
  return guess - before;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** The `datetime-local` value (`YYYY-MM-DDTHH:mm`) of an instant in `timeZone`. */
export function instantToZoned(epochMs: number, timeZone: string): string {
  const w = wallOf(epochMs, timeZone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/** Show an instant in the agent's zone and language ("Nov 25, 2026, 09:30"). */
export function formatInZone(epochMs: number, locale: string, timeZone: string): string {
  return formatInstant(epochMs, locale, timeZone, 'medium');
}

export type PlanTimeProblem = 'required' | 'invalid' | 'in-the-past' | 'before-start';

export interface PlanTimesCheck {
  readonly startAt: number | null;
  readonly dueAt: number | null;
  readonly problems: { readonly start?: PlanTimeProblem; readonly due?: PlanTimeProblem };
}

/**
 * Read a plan's start and due times typed in `timeZone`. Refused: a missing or
 * unreadable time, a start more than `graceMs` in the past, a due time not
 * after the start.
 */
export function checkPlanTimes(input: {
  readonly start: string;
  readonly due: string;
  readonly timeZone: string;
  readonly now: number;
  readonly graceMs?: number;
}): PlanTimesCheck {
  const problems: { start?: PlanTimeProblem; due?: PlanTimeProblem } = {};
  const startAt = input.start.trim() === '' ? null : zonedToInstant(input.start, input.timeZone);
  const dueAt = input.due.trim() === '' ? null : zonedToInstant(input.due, input.timeZone);
  if (input.start.trim() === '') problems.start = 'required';
  else if (startAt === null) problems.start = 'invalid';
  else if (startAt < input.now - (input.graceMs ?? START_GRACE_MS)) problems.start = 'in-the-past';
  if (input.due.trim() === '') problems.due = 'required';
  else if (dueAt === null) problems.due = 'invalid';
  else if (startAt !== null && dueAt <= startAt) problems.due = 'before-start';
  return { startAt, dueAt, problems };
}

export type SnoozeChoice = '15m' | '1h' | 'tomorrow';

/** When a snooze ends: in 15 minutes, in an hour, or tomorrow at 9:00 in the agent's zone. */
export function snoozeUntil(choice: SnoozeChoice, now: number, timeZone: string): number {
  if (choice === '15m') return now + 15 * MINUTE;
  if (choice === '1h') return now + HOUR;
  const today = instantToZoned(now, timeZone).slice(0, 10);
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const tomorrow = new Date(Date.UTC(y, m - 1, d + 1));
  const date = `${pad(tomorrow.getUTCFullYear(), 4)}-${pad(tomorrow.getUTCMonth() + 1)}-${pad(tomorrow.getUTCDate())}`;
  return zonedToInstant(`${date}T09:00`, timeZone) ?? now + 24 * HOUR;
}
