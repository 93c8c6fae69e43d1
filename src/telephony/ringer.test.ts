import { expect, waitUntil } from '@open-wc/testing';
import { createRingWav, Ringer } from './ringer.js';
import { FakeRingerAudio } from './fake-ringer-audio.js';


function ringerWith(audio: FakeRingerAudio): Ringer {
  let n = 0;
  return new Ringer({ createAudio: () => audio, createUrl: () => `blob:ring-${(n += 1)}`, revokeUrl: () => {} });
}

describe('Ringer', () => {
  it('builds a valid two-tone ring as a WAV file in code', async () => {
    const blob = createRingWav('ring');
    expect(blob.type).to.equal('audio/wav');
    const bytes = new DataView(await blob.arrayBuffer());
    const text = (offset: number): string => String.fromCharCode(...new Uint8Array(bytes.buffer, offset, 4));
    expect([text(0), text(8), text(12), text(36)]).to.deep.equal(['RIFF', 'WAVE', 'fmt ', 'data']);
    expect(bytes.getUint32(24, true)).to.equal(8000);
    expect(bytes.getUint32(40, true)).to.equal(3 * 8000 * 2); // 3 s of 16-bit samples
    let peak = 0;
    for (let i = 44; i < 44 + 8000; i += 2) peak = Math.max(peak, Math.abs(bytes.getInt16(i, true)));
    expect(peak).to.be.greaterThan(5000);
    // The silent gap after the two bursts is silent.
    expect(bytes.getInt16(44 + 2 * 8000 * 2, true)).to.equal(0);
  });

  it('plays the ring in a loop and stops it', async () => {
    const audio = new FakeRingerAudio();
    const ringer = ringerWith(audio);
    await ringer.start('ring');
    expect(audio).to.include({ playing: true, loop: true });
    expect(ringer.$state.get()).to.include({ ringing: 'ring', blocked: false });
    ringer.stop();
    expect(audio).to.include({ playing: false });
    expect(ringer.$state.get().ringing).to.equal(null);
  });

  it('switches to the quieter call-waiting cadence', async () => {
    const audio = new FakeRingerAudio();
    const ringer = ringerWith(audio);
    await ringer.start('ring');
    const ringSrc = audio.src;
    await ringer.start('waiting');
    expect(audio.src).to.not.equal(ringSrc);
    expect(ringer.$state.get().ringing).to.equal('waiting');
  });

  it('says when the browser blocks autoplay, and plays once the agent enables sound', async () => {
    const audio = new FakeRingerAudio('NotAllowedError');
    const ringer = ringerWith(audio);
    await ringer.start('ring');
    expect(ringer.$state.get()).to.include({ ringing: 'ring', blocked: true });
    audio.refuse = null; // the click is a user gesture
    await ringer.unlock();
    expect(audio).to.include({ playing: true });
    expect(ringer.$state.get()).to.include({ ringing: 'ring', blocked: false });
  });

  it('does not call another failure "blocked"', async () => {
    const ringer = ringerWith(new FakeRingerAudio('NotFoundError'));
    await ringer.start('ring');
    expect(ringer.$state.get()).to.include({ blocked: false });
    expect(ringer.$state.get().error).to.contain('refused');
  });

  it('rings on the chosen output device, and says when it is gone', async () => {
    const audio = new FakeRingerAudio();
    const ringer = ringerWith(audio);
    await ringer.setSinkId('headset-1');
    await ringer.start('ring');
    await waitUntil(() => audio.sinkId === 'headset-1');
    audio.sinkFails = true;
    await ringer.setSinkId('unplugged');
    expect(ringer.$state.get()).to.include({ sinkId: 'unplugged', error: 'Requested device not found' });
  });

  it('a real audio element takes the generated WAV', async () => {
    const ringer = new Ringer();
    await ringer.start('ring');
    // Headless Chromium either plays it or reports autoplay blocked: both are handled states.
    const state = ringer.$state.get();
    expect(state.ringing).to.equal('ring');
    expect(state.error).to.equal(null);
    ringer.dispose();
    expect(ringer.$state.get().ringing).to.equal(null);
  });
});
