import { createContext } from '@lit/context';
import type { Workbench } from './workbench.js';

/**
 * The context key elements read the workbench from. `Symbol.for` so two copies
 * of the SDK on one page find each other's provider.
 */
export const workbenchContext = createContext<Workbench | undefined>(Symbol.for('callpop.workbench'));
