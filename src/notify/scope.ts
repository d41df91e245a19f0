import type { Db } from '../db/database.ts';
import * as taxonomy from '../taxonomy/service.ts';
import type { TargetRow } from './targetRepo.ts';

/** What a target covers: a topic with everything below it (null: all topics) and a market (null: all). */
export interface Scope {
  topicIds: ReadonlySet<number> | null;
  marketId: number | null;
}

export async function scopeOf(db: Db, target: TargetRow): Promise<Scope> {
  return {
    topicIds: target.scopeTopicId === null ? null : new Set(await taxonomy.subtreeIdsOf(db, target.scopeTopicId)),
    marketId: target.scopeMarketId,
  };
}

/**
 * True when a spike on this topic and market (null: all markets) falls in the scope. A target
 * without a market takes spikes of every market and of all markets together.
 */
export function covers(scope: Scope, spike: { topicId: number; marketId: number | null }): boolean {
  if (scope.topicIds && !scope.topicIds.has(spike.topicId)) return false;
  return scope.marketId === null || scope.marketId === spike.marketId;
}

/** The scope in words, for message footers: "Payment and its sub-topics in Torget". */
export function describeScope(target: Pick<TargetRow, 'topicName' | 'marketName'>): string {
  const topics = target.topicName ? `${target.topicName} and its sub-topics` : 'all topics';
  return `${topics} in ${target.marketName ?? 'all markets'}`;
}
