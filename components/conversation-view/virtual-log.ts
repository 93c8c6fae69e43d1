/**
 * The windowed log of `<conversation-view>` (@lit-labs/virtualizer), in its own chunk:
 * a transcript renders as a plain list until it is long enough to need windowing
 * (`VIRTUALIZE_FROM` lines), and this module is loaded then.
 */
import { usePruningResizeObserver } from './pruning-resize-observer.js';

// Before the first virtualizer is created: it must not keep every line it ever rendered.
usePruningResizeObserver();

export { virtualize, virtualizerRef } from '@lit-labs/virtualizer/virtualize.js';
