import type { AppContext } from '../context.ts';
import { fixedNoteUrl } from '../fixes/feed.ts';
import { dayOf } from '../time.ts';
import { buildDigest, type Digest } from './digest.ts';
import * as deliveryRepo from './deliveryRepo.ts';
import { previousDigestAt } from './digestRepo.ts';
import { caseLink, changeText, percentText, spikeForTemplate, spikeLink } from './messages.ts';
import { describeScope } from './scope.ts';
import * as targetRepo from './targetRepo.ts';
import { renderMessage } from './templates.ts';

type DigestContext = Pick<AppContext, 'pool' | 'config'>;

const CASE_STATUS_LABELS: Record<string, string> = {
  ready: 'ready, waiting for the team to start',
  reopened: 'reopened, waiting to be picked up',
};

/** Queues today's digest for every active target that takes one; a target gets at most one a day. */
export async function queueDigests(ctx: DigestContext, asOf: Date): Promise<{ queued: number }> {
  const day = dayOf(asOf, ctx.config.TZ_NAME);
  let queued = 0;
  for (const target of await targetRepo.listActiveReceiving(ctx.pool, 'digest')) {
    // Cheap check first: the digest's queries are the expensive part, the unique index the guarantee.
    if (await deliveryRepo.hasDigest(ctx.pool, target.id, day)) continue;
    const fixedSince = await previousDigestAt(ctx.pool, target.id, day);
    const digest = await buildDigest(ctx.pool, { topic: target.topic, market: target.market }, { day, timeZone: ctx.config.TZ_NAME, asOf, ...(fixedSince ? { fixedSince } : {}) });
    const message = await renderMessage({
      name: 'digest',
      channel: target.kind,
      overrideDir: ctx.config.NOTIFY_TEMPLATES_DIR,
      context: digestForTemplate(ctx, target, digest),
    });
    const id = await deliveryRepo.insertIfFirstToday(ctx.pool, { targetId: target.id, kind: 'digest', spikeId: null, day, peakValue: null, ...message }, asOf);
    if (id !== undefined) queued++;
  }
  return { queued };
}

/** The digest as templates show it: percentages and changes as text, links, labels. */
export function digestForTemplate(ctx: DigestContext, target: targetRepo.TargetRow, digest: Digest) {
  return {
    target: { name: target.name, scope: describeScope(target) },
    day: digest.day,
    period: digest.period,
    total: digest.total,
    previousTotal: digest.previousTotal,
    changeText: changeText(digest.change),
    topByVolume: digest.topByVolume.map((g) => ({ ...g, shareText: percentText(g.share), changeText: changeText(g.change) })),
    topByChange: digest.topByChange.map((g) => ({ ...g, changeText: changeText(g.change) })),
    openSpikeCount: digest.openSpikeCount,
    openSpikes: digest.openSpikes.map((spike) => ({ ...spikeForTemplate(spike), link: spikeLink(ctx.config, spike.id) })),
    waitingCaseCount: digest.waitingCaseCount,
    waitingCases: digest.waitingCases.map((c) => ({
      key: c.key,
      title: c.title,
      status: c.status,
      statusLabel: CASE_STATUS_LABELS[c.status] ?? c.status,
      owner: c.owner?.name ?? null,
      updated: dayOf(c.updatedAt, ctx.config.TZ_NAME),
      link: caseLink(ctx.config, c.key),
    })),
    fixedNoteCount: digest.fixedNotes.length,
    fixedNotes: digest.fixedNotes.map((note) => ({
      key: note.caseKey,
      title: note.title,
      body: note.body,
      link: fixedNoteUrl(ctx.config.PUBLIC_BASE_URL, note.id),
    })),
    links: {
      spikes: `${ctx.config.PUBLIC_BASE_URL}/spikes`,
      cases: `${ctx.config.PUBLIC_BASE_URL}/cases?view=list&status=ready,reopened`,
    },
  };
}
