import type { CallDirection, DockingPage } from '../adapter/types.js';
import { resolveSandbox, type SandboxResult } from './sandbox.js';
import { fillUrlTemplate, type DockingVariables, type FilledUrl } from './template.js';

/** A docking page ready to show for one call: its URL filled, its sandbox resolved. */
export interface ResolvedDockingPage {
  readonly page: DockingPage;
  readonly url: FilledUrl;
  readonly sandbox: SandboxResult;
}

/** The pages shown for a call of this direction, by `order` (then id, so the order is stable). */
export function pagesForDirection(pages: readonly DockingPage[], direction: CallDirection): DockingPage[] {
  return pages
    .filter((page) => page.directions.includes(direction))
    .sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Fill every page's URL and resolve its sandbox for one call. */
export function resolvePages(
  pages: readonly DockingPage[],
  direction: CallDirection,
  values: DockingVariables,
  hostOrigin: string | null,
): ResolvedDockingPage[] {
  return pagesForDirection(pages, direction).map((page) => {
    const url = fillUrlTemplate(page.urlTemplate, values);
    return {
      page,
      url,
      sandbox: resolveSandbox(page.sandbox, { pageOrigin: url.ok ? url.origin : null, hostOrigin }),
    };
  });
}
