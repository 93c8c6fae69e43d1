/** Summary figures of a list of timings (ms): n, min, median, p95, max, rounded to 0.1. */
export function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
  const round = (v) => Math.round(v * 10) / 10;
  return { n: sorted.length, min: round(sorted[0]), median: round(at(50)), p95: round(at(95)), max: round(sorted[sorted.length - 1]) };
}
