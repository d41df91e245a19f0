// A reference for the recall on an event of the labelled set: the recall of a Neyman–Pearson test
// that knows the true daily means without and with the event and the true dispersion, deciding once,
// on the last day the target allows, at a false-alarm probability of 1/90 (one per 90 days, were
// every day a fresh test — more lenient than the detector's episode count). For a one-day spike it is
// the day's count; for a shift or ramp the Poisson log-likelihood ratio Σ yᵢ·log(μ₁ᵢ/μ₀ᵢ) over the
// days from onset. Power is estimated by simulation with the generator's own noise. It is not a
// strict bound for the detector, which tests every day and counts false alarms per episode, but a
// detector far below it is leaving signal unused, and a target far above it cannot be met.
import { seededRandom } from '../../src/demo/random.ts';
import { negativeBinomial, type LabelledEvent, type LabelledSeries } from './detectData.ts';

const DRAWS = 2000;
const ALPHA = 1 / 90;

export function ceilingRecall(series: LabelledSeries, event: LabelledEvent, withinDays: number, seed: number): number {
  const random = seededRandom(seed);
  const days = event.kind === 'spike' ? [event.start] : Array.from({ length: withinDays + 1 }, (_, k) => event.start + k);
  const weights = days.map((i) => (event.kind === 'spike' ? 1 : Math.log(series.eventMeans[i]! / series.baseMeans[i]!)));
  const statistic = (withEvent: boolean) =>
    days.reduce((sum, i, k) => {
      const mu = withEvent ? series.eventMeans[i]! : series.baseMeans[i]!;
      const extra = withEvent ? series.spikeExtra[i]! : 0;
      return sum + weights[k]! * (negativeBinomial(random, mu, series.phi) + extra);
    }, 0);
  const nulls = Array.from({ length: DRAWS }, () => statistic(false)).sort((a, b) => a - b);
  const threshold = nulls[Math.ceil((1 - ALPHA) * DRAWS) - 1]!;
  let hits = 0;
  for (let d = 0; d < DRAWS; d++) if (statistic(true) > threshold) hits++;
  return hits / DRAWS;
}
