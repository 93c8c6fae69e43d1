import { ContextConsumer } from '@lit/context';
import type { ReactiveController, ReactiveElement } from 'lit';
import { browserTimeZone } from '../../src/i18n/time-zone.js';
import { defaultWorkbench } from '../../src/workbench/default-workbench.js';
import { workbenchContext } from '../../src/workbench/workbench-context.js';
import type { Workbench } from '../../src/workbench/workbench.js';

/**
 * Finds the workbench an element works with: its own `workbench` property
 * first, then a context provider above it, then the page's default
 * (`setDefaultWorkbench`). Re-renders the element when any of them changes.
 */
export class WorkbenchController implements ReactiveController {
  readonly #host: ReactiveElement & { workbench?: Workbench | undefined };
  readonly #context: ContextConsumer<typeof workbenchContext, ReactiveElement>;
  #unlisten: (() => void) | undefined;

  constructor(host: ReactiveElement & { workbench?: Workbench | undefined }) {
    this.#host = host;
    this.#context = new ContextConsumer(host, {
      context: workbenchContext,
      subscribe: true,
      callback: () => host.requestUpdate(),
    });
    host.addController(this);
  }

  get value(): Workbench | undefined {
    return this.#host.workbench ?? this.#context.value ?? defaultWorkbench().get() ?? undefined;
  }

  /** The time as the workbench's clock says (the real clock until a workbench is found). */
  now(): number {
    return this.value?.now() ?? Date.now();
  }

  /** The agent's time zone, from the workbench (the browser's until a workbench is found). */
  get timeZone(): string {
    return this.value?.timeZone ?? browserTimeZone();
  }

  hostConnected(): void {
    this.#unlisten = defaultWorkbench().listen(() => this.#host.requestUpdate());
  }

  hostDisconnected(): void {
    this.#unlisten?.();
    this.#unlisten = undefined;
  }
}
