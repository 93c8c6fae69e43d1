/**
 * The ringtone: an `<audio>` element playing a ring generated in code (a WAV
 * blob, no binary asset) on the output device the agent chose (`setSinkId`).
 *
 * Browsers block sound until the user has interacted with the page. When
 * `play()` is refused (`NotAllowedError`) the ringer says so in its state
 * (`blocked: true`) and the phone bar offers an "enable sound" button whose
 * click calls {@link Ringer.unlock}.
 *
 * @packageDocumentation
 */
import { atom, type ReadableAtom } from 'nanostores';

/** `ring`: an incoming call; `waiting`: a second call while talking (short, quiet beeps). */
export type RingKind = 'ring' | 'waiting';

export interface RingerState {
  /** What is ringing now, or null. */
  readonly ringing: RingKind | null;
  /** The browser refused to play sound until the user interacts with the page. */
  readonly blocked: boolean;
  /** The output device (`null`: the system default). */
  readonly sinkId: string | null;
  /** Why the chosen output device could not be used, for the agent. */
  readonly error: string | null;
}

/** The parts of an audio element the ringer uses (a real `HTMLAudioElement` in the browser). */
export interface RingerAudio {
  src: string;
  loop: boolean;
  volume: number;
  muted: boolean;
  play(): Promise<void>;
  pause(): void;
  currentTime: number;
  setSinkId?(sinkId: string): Promise<void>;
}

export interface RingerOptions {
  /** Makes the audio element (tests pass a fake). Default: `new Audio()`. */
  readonly createAudio?: () => RingerAudio;
  /** Makes a blob URL (default `URL.createObjectURL`). */
  readonly createUrl?: (blob: Blob) => string;
  readonly revokeUrl?: (url: string) => void;
}

interface Segment {
  readonly ms: number;
  readonly tones: readonly number[];
  readonly gain: number;
}

const SAMPLE_RATE = 8000;

/** The cadences: a two-tone double ring (400 + 450 Hz), and a single quiet beep every 3 s for call waiting. */
const PATTERNS: { readonly [kind in RingKind]: readonly Segment[] } = {
  ring: [
    { ms: 400, tones: [400, 450], gain: 0.35 },
    { ms: 200, tones: [], gain: 0 },
    { ms: 400, tones: [400, 450], gain: 0.35 },
    { ms: 2000, tones: [], gain: 0 },
  ],
  waiting: [
    { ms: 200, tones: [440], gain: 0.2 },
    { ms: 2800, tones: [], gain: 0 },
  ],
};

/** One cycle of a ring cadence as a 16-bit mono PCM WAV file. */
export function createRingWav(kind: RingKind = 'ring'): Blob {
  const segments = PATTERNS[kind];
  const samples = segments.reduce((sum, s) => sum + Math.round((s.ms / 1000) * SAMPLE_RATE), 0);
  const buffer = new ArrayBuffer(44 + samples * 2);
  const view = new DataView(buffer);
  const ascii = (offset: number, text: string): void => {
    for (let i = 0; i < text.length; i += 1) view.setUint8(offset + i, text.charCodeAt(i));
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + samples * 2, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true); // fmt chunk size
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, SAMPLE_RATE, true);
  view.setUint32(28, SAMPLE_RATE * 2, true); // byte rate
  view.setUint16(32, 2, true); // block align
  view.setUint16(34, 16, true); // bits per sample
  ascii(36, 'data');
  view.setUint32(40, samples * 2, true);
  let offset = 44;
  for (const segment of segments) {
    const count = Math.round((segment.ms / 1000) * SAMPLE_RATE);
    const fade = Math.min(80, Math.floor(count / 4)); // 10 ms ramps: no clicks
    for (let i = 0; i < count; i += 1) {
      let value = 0;
      if (segment.tones.length > 0) {
        const t = i / SAMPLE_RATE;
        for (const hz of segment.tones) value += Math.sin(2 * Math.PI * hz * t);
        value /= segment.tones.length;
        const envelope = Math.min(1, i / fade, (count - 1 - i) / fade);
        value *= segment.gain * Math.max(0, envelope);
      }
      view.setInt16(offset, Math.round(value * 32767), true);
      offset += 2;
    }
  }
  return new Blob([buffer], { type: 'audio/wav' });
}

function isNotAllowed(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'NotAllowedError';
}

/** Plays and stops the ringtone; its state is a store the phone bar renders. */
export class Ringer {
  readonly #state = atom<RingerState>({ ringing: null, blocked: false, sinkId: null, error: null });
  readonly #options: Required<RingerOptions>;
  readonly #urls = new Map<RingKind, string>();
  #audio: RingerAudio | null = null;
  /** Bumped by every start/stop, so a late `play()` answer for an old ring is ignored. */
  #generation = 0;
  #disposed = false;

  constructor(options: RingerOptions = {}) {
    this.#options = {
      createAudio: options.createAudio ?? (() => new Audio()),
      createUrl: options.createUrl ?? ((blob) => URL.createObjectURL(blob)),
      revokeUrl: options.revokeUrl ?? ((url) => URL.revokeObjectURL(url)),
    };
  }

  get $state(): ReadableAtom<RingerState> {
    return this.#state;
  }

  #patch(changes: Partial<RingerState>): void {
    this.#state.set({ ...this.#state.get(), ...changes });
  }

  #element(): RingerAudio {
    if (!this.#audio) {
      this.#audio = this.#options.createAudio();
      this.#audio.loop = true;
      const sinkId = this.#state.get().sinkId;
      if (sinkId) void this.#applySink(sinkId);
    }
    return this.#audio;
  }

  #url(kind: RingKind): string {
    let url = this.#urls.get(kind);
    if (!url) {
      url = this.#options.createUrl(createRingWav(kind));
      this.#urls.set(kind, url);
    }
    return url;
  }

  /** Start ringing (or switch cadence). Resolves once the browser played or refused. */
  async start(kind: RingKind = 'ring'): Promise<void> {
    if (this.#disposed) return;
    if (this.#state.get().ringing === kind) return;
    const generation = ++this.#generation;
    const audio = this.#element();
    audio.pause();
    audio.src = this.#url(kind);
    audio.currentTime = 0;
    audio.muted = false;
    audio.volume = 1;
    this.#patch({ ringing: kind });
    try {
      await audio.play();
      if (generation === this.#generation) this.#patch({ blocked: false });
    } catch (error) {
      if (generation !== this.#generation) return;
      // Anything else (an aborted load, no output device) is not the agent's to fix with a click.
      if (isNotAllowed(error)) this.#patch({ blocked: true });
      else this.#patch({ error: error instanceof Error ? error.message : String(error) });
    }
  }

  /** Stop ringing. */
  stop(): void {
    this.#generation += 1;
    this.#audio?.pause();
    if (this.#state.get().ringing !== null) this.#patch({ ringing: null });
  }

  /**
   * Call from a user gesture (the "enable sound" button): plays what should
   * ring now, or a silent blip that lets later rings play.
   */
  async unlock(): Promise<void> {
    if (this.#disposed) return;
    const audio = this.#element();
    const ringing = this.#state.get().ringing;
    const generation = ++this.#generation;
    try {
      if (ringing === null) {
        audio.src = this.#url('waiting');
        audio.muted = true;
        await audio.play();
        audio.pause();
        audio.muted = false;
      } else {
        audio.muted = false;
        await audio.play();
      }
      if (generation === this.#generation || ringing === null) this.#patch({ blocked: false });
    } catch (error) {
      if (isNotAllowed(error)) this.#patch({ blocked: true });
    }
  }

  /** Ring on this output device (`null`: the system default). */
  async setSinkId(sinkId: string | null): Promise<void> {
    this.#patch({ sinkId, error: null });
    if (this.#audio) await this.#applySink(sinkId);
  }

  async #applySink(sinkId: string | null): Promise<void> {
    const audio = this.#audio;
    if (!audio?.setSinkId) return;
    try {
      await audio.setSinkId(sinkId ?? '');
    } catch (error) {
      if (this.#state.get().sinkId === sinkId) {
        this.#patch({ error: error instanceof Error ? error.message : String(error) });
      }
    }
  }

  dispose(): void {
    this.stop();
    this.#disposed = true;
    for (const url of this.#urls.values()) this.#options.revokeUrl(url);
    this.#urls.clear();
    if (this.#audio) this.#audio.src = '';
    this.#audio = null;
  }
}
