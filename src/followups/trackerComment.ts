import type { TrackerBodyInput } from '../trackers/bodies/input.ts';
import type { Measurement } from './measure.ts';

type TrackerMeasurement = NonNullable<TrackerBodyInput['measurement']>;

// Trackers take plain numbers: a share of nothing (no inquiries at all) is shown as 0, an
// unbounded change (none before) as 0; the sentence next to them says what really happened.
const finiteOr = (value: number, fallback: number) => (Number.isFinite(value) ? value : fallback);

/** A measurement as the tracker's follow-up comment template shows it (`templates/trackers/<kind>/followup-comment.hbs`). */
export function trackerMeasurement(measurement: Measurement): TrackerMeasurement {
  const { windows, counts, figures, judgement } = measurement;
  const period = (name: 'before' | 'after') => ({
    from: windows[name].from,
    to: windows[name].to,
    count: counts[name].count,
    ratePerDay: figures.rate[name].ratePerDay,
    share: finiteOr(figures.share[name].share, 0),
  });
  return {
    sentence: measurement.sentences.en,
    before: period('before'),
    after: period('after'),
    change: finiteOr(figures[judgement.basis].change, 0),
    targetMet: judgement.target?.met ?? null,
  };
}
