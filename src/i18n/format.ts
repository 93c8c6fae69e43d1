import type { Locale } from './locale.js';

/**
 * How an instant is shown:
 * - `time` "14:05", `time-seconds` "14:05:09" (24-hour, transcript lines);
 * - `short` "2026/11/25 14:05", `medium` "Nov 25, 2026, 2:05 PM", `medium-seconds` with seconds.
 */
export type InstantStyle = 'time' | 'time-seconds' | 'day-time' | 'short' | 'medium' | 'medium-seconds';

const styles: { readonly [style in InstantStyle]: Intl.DateTimeFormatOptions } = {
  time: { hour: '2-digit', minute: '2-digit' },
  'time-seconds': { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false },
  'day-time': { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' },
  short: { dateStyle: 'short', timeStyle: 'short' },
  medium: { dateStyle: 'medium', timeStyle: 'short' },
  'medium-seconds': { dateStyle: 'medium', timeStyle: 'medium' },
};

const formats = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: Locale | string, style: InstantStyle | 'date-key', timeZone: string): Intl.DateTimeFormat {
  const id = `${locale}|${style}|${timeZone}`;
  let f = formats.get(id);
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      style === 'date-key' ? { year: 'numeric', month: '2-digit', day: '2-digit' } : styles[style];
    try {
      f = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    } catch {
      // An unknown zone from a host: UTC rather than nothing.
      f = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' });
    }
    formats.set(id, f);
  }
  return f;
}

function toMs(instant: number | string | null | undefined): number | null {
  if (instant === null || instant === undefined) return null;
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  return Number.isFinite(ms) ? ms : null;
}

/** An instant (epoch ms or ISO text) in `timeZone`, or `''` when it is missing or not a time. */
export function formatInstant(
  instant: number | string | null | undefined,
  locale: Locale | string,
  timeZone: string,
  style: InstantStyle = 'short',
): string {
  const ms = toMs(instant);
  return ms === null ? '' : formatter(locale, style, timeZone).format(ms);
}

/** The calendar day of an instant in `timeZone` ("2026-11-25" shaped, locale digits aside), for comparing days. */
function dayKey(ms: number, timeZone: string): string {
  return formatter('en-CA', 'date-key', timeZone).format(ms);
}

/**
 * A call's time as a list shows it: "14:05" today, "11/24 14:05" on another day
 * of this year, with the year otherwise — "today" and "this year" in `timeZone`,
 * as of `now`.
 */
export function formatCallTime(epochMs: number, locale: Locale, clock: { readonly now: number; readonly timeZone: string }): string {
  const { now, timeZone } = clock;
  const day = dayKey(epochMs, timeZone);
  const today = dayKey(now, timeZone);
  if (day === today) return formatInstant(epochMs, locale, timeZone, 'time');
  if (day.slice(0, 4) === today.slice(0, 4)) return formatInstant(epochMs, locale, timeZone, 'day-time');
  return formatInstant(epochMs, locale, timeZone, 'short');
}

/** A duration as m:ss or h:mm:ss. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}
