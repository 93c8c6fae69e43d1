import { expect } from '@open-wc/testing';
import { QualitySampler, rawQuality } from './quality.js';

type Stat = Record<string, unknown>;

/** A getStats() report as Chromium gives it: a map of stats objects. */
function report(...stats: Stat[]): Map<string, Stat> {
  return new Map(stats.map((stat, i) => [String(stat['id'] ?? `s${i}`), stat]));
}

function audio(timestamp: number, figures: { lost?: unknown; received?: unknown; jitter?: unknown; rtt?: unknown; pairRtt?: unknown }): Map<string, Stat> {
  return report(
    { type: 'inbound-rtp', kind: 'audio', timestamp, packetsLost: figures.lost, packetsReceived: figures.received, jitter: figures.jitter },
    { type: 'inbound-rtp', kind: 'video', timestamp, packetsLost: 1000, packetsReceived: 1, jitter: 9 },
    ...(figures.rtt === undefined ? [] : [{ type: 'remote-inbound-rtp', kind: 'audio', roundTripTime: figures.rtt }]),
    { type: 'transport', id: 'T1', selectedCandidatePairId: 'P1' },
    { type: 'candidate-pair', id: 'P1', currentRoundTripTime: figures.pairRtt, nominated: true, state: 'succeeded' },
  );
}

describe('media quality from getStats()', () => {
  it('reads RTT from remote-inbound-rtp, else from the selected candidate pair; jitter and counters from audio inbound-rtp', () => {
    expect(rawQuality(audio(1000, { lost: 3, received: 97, jitter: 0.012, rtt: 0.08, pairRtt: 0.5 }))).to.deep.equal({
      timestamp: 1000,
      rttSeconds: 0.08,
      jitterSeconds: 0.012,
      packetsLost: 3,
      packetsReceived: 97,
    });
    expect(rawQuality(audio(1000, { lost: 0, received: 10, pairRtt: 0.031 })).rttSeconds, 'no RTCP yet: the pair').to.equal(0.031);
    expect(rawQuality(report()), 'an empty report').to.deep.equal({ timestamp: null, rttSeconds: null, jitterSeconds: null, packetsLost: null, packetsReceived: null });
  });

  it('turns a sequence of reports into samples: loss over the interval, levels, and no sample from nothing', () => {
    const sampler = new QualitySampler();
    const samples = [
      audio(1000, { lost: 0, received: 100, jitter: 0.004, rtt: 0.02 }),
      audio(3000, { lost: 2, received: 198, jitter: 0.004, rtt: 0.02 }),
      audio(5000, { lost: 12, received: 288, jitter: 0.035, rtt: 0.3 }),
      audio(7000, { lost: 12, received: 388, jitter: 0.06, rtt: 0.02 }),
    ].map((r, i) => sampler.next(rawQuality(r), 10_000 + i));
    expect(samples).to.deep.equal([
      // The first report has no interval to count loss over.
      { rttMs: 20, jitterMs: 4, lossPercent: null, level: 'good', at: 10_000 },
      { rttMs: 20, jitterMs: 4, lossPercent: 2, level: 'fair', at: 10_001 },
      { rttMs: 300, jitterMs: 35, lossPercent: 10, level: 'poor', at: 10_002 },
      { rttMs: 20, jitterMs: 60, lossPercent: 0, level: 'poor', at: 10_003 },
    ]);
  });

  it('ignores missing, negative, NaN and absurd figures, and reports out of order', () => {
    const sampler = new QualitySampler();
    const next = (r: Map<string, Stat>, at: number) => sampler.next(rawQuality(r), at);
    expect(next(audio(1000, { lost: 0, received: 100, jitter: 0.01, rtt: 0.05 }), 1), 'a good one').to.include({ rttMs: 50, jitterMs: 10 });
    expect(next(audio(3000, { lost: 1, received: 199, jitter: Number.NaN, rtt: -1, pairRtt: 120 }), 2), 'NaN jitter, negative RTT, a 120 s pair RTT').to.deep.equal({
      rttMs: null,
      jitterMs: null,
      lossPercent: 1,
      level: 'fair',
      at: 2,
    });
    expect(next(audio(2000, { lost: 50, received: 250, jitter: 0.01, rtt: 0.05 }), 3), 'older than the last report').to.equal(null);
    expect(next(audio(3000, { lost: 60, received: 260, jitter: 0.01, rtt: 0.05 }), 4), 'as old as the last report').to.equal(null);
    expect(next(audio(5000, { lost: 'x', received: 300, jitter: 100, rtt: 61 }), 5), 'nothing usable: no sample').to.equal(null);
    // Counters that went back (a new stream): no loss figure, and counting starts over from them.
    expect(next(audio(7000, { lost: 0, received: 10, jitter: 0.002 }), 6)).to.deep.equal({ rttMs: null, jitterMs: 2, lossPercent: null, level: 'good', at: 6 });
    expect(next(audio(9000, { lost: 5, received: 15, jitter: 0.002 }), 7)?.lossPercent, 'loss from the new counters').to.equal(50);
    // Lost packets with nothing received since: 100 %, never more.
    expect(next(audio(11_000, { lost: 9, received: 15 }), 8)?.lossPercent).to.equal(100);
    expect(next(audio(13_000, { lost: -3, received: 20 }), 9), 'negative counters are no figure').to.equal(null);
  });
});
