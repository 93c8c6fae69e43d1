import type { Locale } from './locale.js';

const timeFormats = new Map<string, Intl.DateTimeFormat>();

function format(locale: Locale, options: Intl.DateTimeFormatOptions, key: string): Intl.DateTimeFormat {
  const id = `${locale}|${key}`;
  let f = timeFormats.get(id);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    timeFormats.set(id, f);
  }
  return f;
}

/** "14:05" today, "11/24 14:05" on another day, with the year when not this year. */
export function formatCallTime(epochMs: number, locale: Locale, now = Date.now()): string {
  const date = new Date(epochMs);
  const today = new Date(now);
  if (date.toDateString() === today.toDateString()) {
    return format(locale, { hour: '2-digit', minute: '2-digit' }, 't').format(date);
  }
  if (date.getFullYear() === today.getFullYear()) {
    return format(locale, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' }, 'md').format(date);
  }
  return format(locale, { dateStyle: 'short', timeStyle: 'short' }, 'ymd').format(date);
}

/** A duration as m:ss or h:mm:ss. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}
