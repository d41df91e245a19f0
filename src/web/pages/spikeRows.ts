import type { listSpikes } from '../../detection/service.ts';

type SpikeView = Awaited<ReturnType<typeof listSpikes>>[number];

/** A spike as a table row shows it: labels for its kind and status, the market's name, peak against expected. */
export function spikeRow(spike: SpikeView, marketNames: ReadonlyMap<string, string> = new Map()) {
  return {
    ...spike,
    marketName: spike.market ? (marketNames.get(spike.market) ?? spike.market) : null,
    kindLabel: `spikeKind.${spike.kind}`,
    statusLabel: `spikeStatus.${spike.status}`,
    href: `/spikes/${spike.id}`,
    peak: Math.round(spike.peakValue * 10) / 10,
    expectedRounded: Math.round(spike.expected * 10) / 10,
    triageable: spike.status === 'open' || spike.status === 'acknowledged',
  };
}
