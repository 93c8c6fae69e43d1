import { AdapterError } from '../errors.js';
import type { Page, PageRequest } from '../types.js';

/** Page size when the request names none. */
export const DEFAULT_PAGE_LIMIT = 20;
/** The largest page the in-memory backend answers; larger requests are capped. */
export const MAX_PAGE_LIMIT = 100;

const CURSOR_PREFIX = 'mem1:';

function toBase64Url(text: string): string {
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  return atob(padded);
}

/** An opaque, URL-safe cursor for the item at `offset`. */
export function encodeCursor(offset: number): string {
  return toBase64Url(`${CURSOR_PREFIX}${offset}`);
}

/** The offset a cursor points at; a malformed cursor is a `validation` error. */
export function decodeCursor(cursor: string): number {
  let decoded: string;
  try {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(cursor)) throw new Error('bad characters');
    decoded = fromBase64Url(cursor);
  } catch {
    throw badCursor();
  }
  const match = /^mem1:(\d{1,9})$/.exec(decoded);
  if (!match?.[1]) throw badCursor();
  return Number(match[1]);
}

function badCursor(): AdapterError {
  return new AdapterError('validation', 'The page cursor is not valid', {
    status: 400,
    fields: { cursor: 'Not a cursor this backend issued' },
  });
}

/** Validates a page request and returns the offset and capped limit it asks for. */
export function readPageRequest(page: PageRequest | undefined | null): { offset: number; limit: number } {
  if (page === undefined || page === null) return { offset: 0, limit: DEFAULT_PAGE_LIMIT };
  if (typeof page !== 'object') {
    throw new AdapterError('validation', 'The page request is not valid', { status: 400 });
  }
  const { cursor, limit } = page;
  let offset = 0;
  if (cursor !== undefined && cursor !== null && cursor !== '') {
    if (typeof cursor !== 'string') throw badCursor();
    offset = decodeCursor(cursor);
  }
  let size = DEFAULT_PAGE_LIMIT;
  if (limit !== undefined && limit !== null) {
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) {
      throw new AdapterError('validation', 'The page size must be a positive whole number', {
        status: 400,
        fields: { limit: 'Must be a whole number of at least 1' },
      });
    }
    size = Math.min(limit, MAX_PAGE_LIMIT);
  }
  return { offset, limit: size };
}

/** Cuts one page out of an already ordered list. */
export function paginate<T>(items: readonly T[], page: PageRequest | undefined | null): Page<T> {
  const { offset, limit } = readPageRequest(page);
  const slice = items.slice(offset, offset + limit);
  const end = offset + slice.length;
  return { items: slice, nextCursor: end < items.length ? encodeCursor(end) : null };
}
