/** Untrusted text for display (a caller's name, a reason from the SIP side): no control or direction-override characters, cut at `max` characters. */
export function shown(text: string, max: number): string {
  const chars = Array.from(text.replace(/[\p{Cc}\p{Cf}]/gu, '').replace(/\s+/g, ' ').trim());
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : chars.join('');
}
