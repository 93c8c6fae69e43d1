// The one place that says how callpop's tools start Chromium: tests, end-to-end
// runs and benchmarks. Nothing downloads a browser; CHROME_PATH points at one.

/** The browser to drive (Debian's chromium by default). */
export const chromePath = process.env.CHROME_PATH || '/usr/bin/chromium';

/** Quiet, headless, root-safe flags; no background traffic off this machine. */
export const chromeFlags = [
  '--no-sandbox',
  '--headless=new',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  // Pages run side by side in one browser: a page in the background must not
  // have its timers and frames throttled.
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];

/** Extra flags for WebRTC between pages on loopback (fake microphone and camera). */
export const webrtcFlags = [
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--allow-loopback-in-peer-connection',
  '--autoplay-policy=no-user-gesture-required',
];
