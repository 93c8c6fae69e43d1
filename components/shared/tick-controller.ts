import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Re-renders the host every second while `running` is true (call timers). */
export class TickController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  #timer: ReturnType<typeof setInterval> | undefined;
  #connected = false;
  #running = false;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  set running(on: boolean) {
    if (on === this.#running) return;
    this.#running = on;
    this.#apply();
  }

  hostConnected(): void {
    this.#connected = true;
    this.#apply();
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.#apply();
  }

  #apply(): void {
    const want = this.#connected && this.#running;
    if (want && this.#timer === undefined) {
      this.#timer = setInterval(() => this.#host.requestUpdate(), 1000);
    } else if (!want && this.#timer !== undefined) {
      clearInterval(this.#timer);
      this.#timer = undefined;
    }
  }
}
