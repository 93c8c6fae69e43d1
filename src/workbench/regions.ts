import type { BackendAdapter } from '../adapter/backend-adapter.js';
import type { NumberRegion } from '../adapter/types.js';

/**
 * Where numbers are from (issue 15): the backend's optional `numbers.region`,
 * asked lazily — once per number, the answer kept for the workbench's life —
 * and only when the backend has the domain. The number may be a mask: the
 * masking boundary around `adapter` sends the real number. Internal to the workbench.
 */
export function createNumberRegions(adapter: BackendAdapter, signal: AbortSignal): (number: string) => Promise<NumberRegion | null> {
  const cache = new Map<string, Promise<NumberRegion | null>>();
  return (number) => {
    const numbers = adapter.numbers;
    if (!numbers || number.trim() === '') return Promise.resolve(null);
    let answer = cache.get(number);
    if (!answer) {
      // A failed look-up answers null and is not asked again this session (the region is a hint).
      answer = numbers.region(number, { signal }).catch(() => null);
      cache.set(number, answer);
    }
    return answer;
  };
}

/**
 * A region as shown beside a number: the province and city for Chinese numbers
 * where the backend knows them (`北京` once when the province is the city),
 * else the country's name in `locale`; null when nothing is known.
 */
export function formatNumberRegion(region: NumberRegion | null, locale: string): string | null {
  if (!region) return null;
  const places = [region.province, region.city].filter((place): place is string => !!place && place.trim() !== '');
  if (places.length > 0) return [...new Set(places)].join(' ');
  if (!region.country) return null;
  try {
    return new Intl.DisplayNames([locale], { type: 'region' }).of(region.country) ?? region.country;
  } catch {
    return region.country;
  }
}
