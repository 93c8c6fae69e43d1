import type { RingerAudio } from './ringer.js';

/**
 * A silent audio element for the ringer (`agent.useEnvironment({ ringer: { createAudio } })`),
 * for tests and pages that must not make a sound. It records what the ringer asked of it
 * and can refuse to play the way a browser does.
 */
export class FakeRingerAudio implements RingerAudio {
  src = '';
  loop = false;
  volume = 1;
  muted = false;
  currentTime = 0;
  /** Whether it is "playing" now. */
  playing = false;
  /** How many times `play()` was called. */
  plays = 0;
  /** The output device last chosen. */
  sinkId = '';

  /**
   * @param refuse make `play()` fail like a browser: `NotAllowedError` when autoplay is blocked
   *   (until set back to null, e.g. after a user gesture), `NotFoundError` for a missing device
   * @param sinkFails make `setSinkId()` fail as for an unplugged device
   */
  constructor(
    public refuse: 'NotAllowedError' | 'NotFoundError' | null = null,
    public sinkFails = false,
  ) {}

  async play(): Promise<void> {
    this.plays += 1;
    if (this.refuse) throw new DOMException('play() was refused', this.refuse);
    this.playing = true;
  }

  pause(): void {
    this.playing = false;
  }

  async setSinkId(id: string): Promise<void> {
    if (this.sinkFails) throw new DOMException('Requested device not found', 'NotFoundError');
    this.sinkId = id;
  }
}
