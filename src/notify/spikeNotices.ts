import type { AppContext } from '../context.ts';
import { listSpikes } from '../detection/service.ts';
import * as taxonomy from '../taxonomy/service.ts';
import { addDays, dayOf, type Day } from '../time.ts';
import * as deliveryRepo from './deliveryRepo.ts';
import { spikeForTemplate, spikeLink, type SpikeView } from './messages.ts';
import { covers, describeScope, scopeOf } from './scope.ts';
import * as targetRepo from './targetRepo.ts';
import { renderMessage } from './templates.ts';

/** A spike last seen more than this many days before today is history: replays and back-fills stay silent. */
export const CURRENT_DAYS = 2;
/** Spikes worth telling people about; a dismissed one is not (it speaks again only if detection re-opens it). */
const ANNOUNCED_STATUSES = ['open', 'acknowledged', 'linked'];

/**
 * Which message a target is owed for a spike today, if any: the first one when it has never heard
 * of it; another when the peak has reached `growthFactor` × the peak it last heard, and not on a day
 * it already got one.
 */
export function spikeNoticeFor(
  spike: { peakValue: number },
  last: { day: Day; peakValue: number } | undefined,
  today: Day,
  growthFactor: number,
): 'spike_opened' | 'spike_grew' | undefined {
  if (!last) return 'spike_opened';
  if (last.day >= today) return undefined;
  return spike.peakValue >= growthFactor * last.peakValue ? 'spike_grew' : undefined;
}

type ScanContext = Pick<AppContext, 'pool' | 'config'>;

/**
 * Queues the spike messages owed at `asOf` to every active target that takes them. Only writes
 * deliveries (the delivery job sends them), so detection never waits on a webhook or SMTP server.
 */
export async function queueSpikeNotices(ctx: ScanContext, asOf: Date): Promise<{ queued: number }> {
  const today = dayOf(asOf, ctx.config.TZ_NAME);
  const targets = await targetRepo.listActiveReceiving(ctx.pool, 'spikes');
  if (targets.length === 0) return { queued: 0 };
  const spikes = await listSpikes(ctx.pool, { from: addDays(today, -CURRENT_DAYS), to: today, statuses: ANNOUNCED_STATUSES });
  if (spikes.length === 0) return { queued: 0 };

  const topicIds = await taxonomy.resolveKeys(ctx.pool, 'topics', [...new Set(spikes.map((s) => s.topic))]);
  const marketIds = await taxonomy.resolveKeys(ctx.pool, 'markets', [...new Set(spikes.flatMap((s) => (s.market ? [s.market] : [])))]);
  const located = spikes.map((spike) => ({ spike, topicId: topicIds.get(spike.topic)!, marketId: spike.market ? marketIds.get(spike.market)! : null }));
  const notices = await deliveryRepo.lastSpikeNotices(ctx.pool, spikes.map((s) => s.id));

  let queued = 0;
  for (const target of targets) {
    const scope = await scopeOf(ctx.pool, target);
    for (const { spike, topicId, marketId } of located) {
      if (!covers(scope, { topicId, marketId })) continue;
      const last = notices.get(deliveryRepo.noticeKey(target.id, spike.id));
      const kind = spikeNoticeFor(spike, last, today, ctx.config.NOTIFY_GROWTH_FACTOR);
      if (!kind) continue;
      const message = await renderSpikeMessage(ctx, { target, spike, kind, previousPeak: last?.peakValue });
      const id = await deliveryRepo.insertIfFirstToday(
        ctx.pool,
        { targetId: target.id, kind, spikeId: spike.id, day: today, peakValue: spike.peakValue, ...message },
        asOf,
      );
      if (id !== undefined) queued++;
    }
  }
  return { queued };
}

function renderSpikeMessage(
  ctx: ScanContext,
  input: { target: targetRepo.TargetRow; spike: SpikeView; kind: 'spike_opened' | 'spike_grew'; previousPeak: number | undefined },
) {
  const { target, spike, kind, previousPeak } = input;
  return renderMessage({
    name: kind === 'spike_opened' ? 'spike-opened' : 'spike-grew',
    channel: target.kind,
    overrideDir: ctx.config.NOTIFY_TEMPLATES_DIR,
    context: {
      target: { name: target.name, scope: describeScope(target) },
      spike: spikeForTemplate(spike),
      previousPeak: previousPeak === undefined ? null : Math.round(previousPeak),
      growth: previousPeak ? `×${(Math.round((spike.peakValue / previousPeak) * 10) / 10).toFixed(1)}` : null,
      link: spikeLink(ctx.config, spike.id),
    },
  });
}
