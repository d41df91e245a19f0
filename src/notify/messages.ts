import type { Config } from '../config.ts';
import type { listSpikes } from '../detection/service.ts';

export type SpikeView = Awaited<ReturnType<typeof listSpikes>>[number];

const KIND_LABELS: Record<string, string> = {
  spike: 'One-day spike',
  level_shift: 'Level shift',
  ramp: 'Gradual rise',
  share: 'Abnormal share of all inquiries',
};

const oneDecimal = (value: number) => (Math.round(value * 10) / 10).toFixed(1);

/** Links in messages open the web pages people read, not the JSON API. */
export const spikeLink = (config: Pick<Config, 'PUBLIC_BASE_URL'>, id: number) => `${config.PUBLIC_BASE_URL}/spikes/${id}`;
export const caseLink = (config: Pick<Config, 'PUBLIC_BASE_URL'>, key: string) => `${config.PUBLIC_BASE_URL}/cases/${key}`;

/** A spike as templates show it: figures rounded for people, labels instead of codes. */
export function spikeForTemplate(spike: SpikeView) {
  return {
    id: spike.id,
    topic: spike.topic,
    topicName: spike.topicName,
    market: spike.market,
    scope: spike.market ? `market ${spike.market}` : 'all markets',
    kind: spike.kind,
    kindLabel: KIND_LABELS[spike.kind] ?? spike.kind,
    status: spike.status,
    acknowledged: spike.status === 'acknowledged',
    firstDay: spike.firstDay,
    peakDay: spike.peakDay,
    peakValue: Math.round(spike.peakValue),
    lastDay: spike.lastDay,
    expected: oneDecimal(spike.expected),
    ratio: spike.expected > 0 ? `×${oneDecimal(spike.peakValue / spike.expected)}` : 'none expected',
    score: oneDecimal(spike.score),
  };
}

/** A fraction as a percentage people read: 0.1234 → "12.3 %". */
export const percentText = (fraction: number) => `${oneDecimal(fraction * 100)} %`;

/** A relative change with its sign: 0.5 → "+50.0 %"; null (nothing before) → "new". */
export const changeText = (change: number | null) => (change === null ? 'new' : `${change >= 0 ? '+' : '−'}${oneDecimal(Math.abs(change) * 100)} %`);
