import type { ReactiveControllerHost } from 'lit';
import { StoreController } from './store-controller.js';
import type { WorkbenchController } from './workbench-controller.js';

/**
 * The call an element shows: its own `call-id` when set, else the workbench's
 * active call. Re-renders the element when the active call changes.
 */
export class ShownCallController {
  readonly #host: { readonly callId?: string | undefined };
  readonly #active: StoreController<string | null>;

  constructor(host: ReactiveControllerHost & { readonly callId?: string | undefined }, workbench: WorkbenchController) {
    this.#host = host;
    this.#active = new StoreController(host, () => workbench.value?.stores.$activeCallId);
  }

  /** The shown call's id, or null when there is no call. */
  get id(): string | null {
    return this.#host.callId ?? this.#active.value ?? null;
  }
}
