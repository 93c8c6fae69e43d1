import { atom, type WritableAtom } from 'nanostores';
import type { Workbench } from './workbench.js';

const key = Symbol.for('callpop.defaultWorkbench');
type Holder = { [key]?: WritableAtom<Workbench | null> };

/**
 * The page's default workbench, used by elements that have no `workbench`
 * property and no context provider above them. Kept under a `Symbol.for` key on
 * `globalThis` so two copies of the SDK on one page share it.
 */
export function defaultWorkbench(): WritableAtom<Workbench | null> {
  const holder = globalThis as Holder;
  holder[key] ??= atom<Workbench | null>(null);
  return holder[key];
}

/** Make `workbench` the one elements use when nothing else provides one. */
export function setDefaultWorkbench(workbench: Workbench | null): void {
  defaultWorkbench().set(workbench);
}
