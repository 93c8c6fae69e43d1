/**
 * The script of `embed.html` (built to `dist/embed/embed.js`): starts the
 * frame for the host origin named by `?host=`. See `docs/iframe-mode.md`.
 */
import './process-shim.js';
import { startEmbedFrame } from './frame.js';

const params = new URLSearchParams(location.search);
startEmbedFrame({
  host: params.get('host'),
  container: document.querySelector<HTMLElement>('#callpop')!,
  notice: document.querySelector<HTMLElement>('#notice')!,
});
