/**
 * Civil dates and wall-clock times in an IANA time zone, with `Intl` only.
 * Internal to `src/smart-fill/`.
 */

/** A calendar day. `month` is 1…12. */
export interface CivilDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** The call's moment as seen in its time zone. */
export interface Clock {
  readonly today: CivilDate;
  /** 1 = Monday … 7 = Sunday. */
  readonly weekday: number;
  /** Minutes since local midnight. */
  readonly minutes: number;
  readonly timeZone: string;
  readonly instant: number;
}

/*
 * Formatters per time zone: building one costs far more than using it. A
 * cache of immutable library objects, not application state.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    if (formatters.size > 50) formatters.clear();
    formatters.set(timeZone, f);
  }
  return f;
}

/** A valid IANA zone: `requested` when it is one, else the browser's, else UTC. */
export function resolveTimeZone(requested: string | undefined): string {
  if (typeof requested === 'string' && requested !== '') {
    try {
      formatter(requested);
      return requested;
    } catch {
      // An unknown zone: the browser's instead.
    }
  }
  return (defaultZoneMemo ??= defaultZone() ?? 'UTC');
}

/* The browser's zone, looked up once: it does not change while a page runs. */
let defaultZoneMemo: string | undefined;

function defaultZone(): string | undefined {
  try {
    const zone = new Intl.DateTimeFormat().resolvedOptions().timeZone;
    formatter(zone);
    return zone;
  } catch {
    return undefined;
  }
}

interface WallTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

function wallTime(instant: number, timeZone: string): WallTime {
  const parts = formatter(timeZone).formatToParts(new Date(instant));
  const get = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((p) => p.type === type)?.value ?? 0);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour') % 24,
    minute: get('minute'),
    second: get('second'),
  };
}

/** The zone's offset from UTC at `instant`, in ms. */
function offsetAt(instant: number, timeZone: string): number {
  const w = wallTime(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The clock at `instant` in `timeZone`. */
export function clockAt(instant: number, timeZone: string): Clock {
  const w = wallTime(instant, timeZone);
  const today = { year: w.year, month: w.month, day: w.day };
  return { today, weekday: weekdayOf(today), minutes: w.hour * 60 + w.minute, timeZone, instant };
}

/** 1 = Monday … 7 = Sunday. */
export function weekdayOf(date: CivilDate): number {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return d === 0 ? 7 : d;
}

export function addDays(date: CivilDate, days: number): CivilDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Whole days from `a` to `b`. */
export function daysBetween(a: CivilDate, b: CivilDate): number {
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000);
}

export function isValidDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** `2026-03-05` */
export function formatDate(date: CivilDate): string {
  return `${String(date.year).padStart(4, '0')}-${pad(date.month)}-${pad(date.day)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** The UTC instant of a wall-clock time in `timeZone` (DST-aware), as ISO 8601. */
export function toInstant(date: CivilDate, minutes: number, timeZone: string): string {
  const guess = Date.UTC(date.year, date.month - 1, date.day, 0, minutes);
  const first = offsetAt(guess, timeZone);
  let instant = guess - first;
  const second = offsetAt(instant, timeZone);
  if (second !== first) instant = guess - second;
  return new Date(instant).toISOString();
}

/** The `year`-less date (`month`/`day`) nearest to `today`: last, this or next year. */
export function nearestYear(today: CivilDate, month: number, day: number): CivilDate | null {
  let best: CivilDate | null = null;
  let bestDistance = Infinity;
  for (const year of [today.year, today.year + 1, today.year - 1]) {
    if (!isValidDate(year, month, day)) continue;
    const candidate = { year, month, day };
    const distance = Math.abs(daysBetween(today, candidate));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** The day-of-month (`the 5th`, `5号`) nearest to `today`: last, this or next month. */
export function nearestMonth(today: CivilDate, day: number): CivilDate | null {
  let best: CivilDate | null = null;
  let bestDistance = Infinity;
  for (const shift of [0, 1, -1]) {
    const first = new Date(Date.UTC(today.year, today.month - 1 + shift, 1));
    const year = first.getUTCFullYear();
    const month = first.getUTCMonth() + 1;
    if (!isValidDate(year, month, day)) continue;
    const candidate = { year, month, day };
    const distance = Math.abs(daysBetween(today, candidate));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
