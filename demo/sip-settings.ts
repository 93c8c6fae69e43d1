import type { SipConfig } from '../src/telephony/sip/config.js';

/** The demo's SIP account, from the URL (for automation) or from this browser's storage. */
export interface DemoSipSettings {
  readonly ws: string;
  readonly uri: string;
  readonly user: string;
  readonly password: string;
}

const KEY = 'callpop-demo:sip';

export function readSipSettings(params: URLSearchParams): DemoSipSettings | null {
  const fromUrl = params.get('ws');
  if (fromUrl) {
    return {
      ws: fromUrl,
      uri: params.get('uri') ?? '',
      user: params.get('user') ?? '',
      password: params.get('password') ?? '',
    };
  }
  try {
    const stored = JSON.parse(localStorage.getItem(KEY) ?? 'null') as DemoSipSettings | null;
    return stored?.ws ? stored : null;
  } catch {
    return null;
  }
}

/** Check what was typed; returns the problem in words, or null. */
export function checkSipSettings(settings: DemoSipSettings): string | null {
  if (!/^wss?:\/\/[^\s/]+/i.test(settings.ws)) return 'The server must be a ws:// or wss:// address.';
  if (!/^sips?:[^\s@]+@[^\s@]+$/i.test(settings.uri)) return 'The SIP URI looks like sip:1001@example.com.';
  return null;
}

export function saveSipSettings(settings: DemoSipSettings | null): void {
  if (settings) localStorage.setItem(KEY, JSON.stringify(settings));
  else localStorage.removeItem(KEY);
}

export function toSipConfig(settings: DemoSipSettings): SipConfig {
  return {
    server: settings.ws,
    uri: settings.uri,
    ...(settings.user ? { authorizationUsername: settings.user } : {}),
    ...(settings.password ? { password: settings.password } : {}),
  };
}
