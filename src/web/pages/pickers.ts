import type { Db } from '../../db/database.ts';
import { listMarkets, listTopics, type Market, type Topic } from '../../taxonomy/service.ts';

export interface TopicChoice {
  id: number;
  key: string;
  name: string;
  /** "Payment › SMS payment": unique and searchable, the text the type-ahead offers. */
  label: string;
}

/** Topics a person may pick: active ones only (archived and merged topics are hidden), with path labels. */
export async function topicChoices(db: Db): Promise<TopicChoice[]> {
  const topics = await listTopics(db, { includeArchived: false });
  const byKey = new Map<string, Topic>(topics.map((t) => [t.key, t]));
  const labelOf = (topic: Topic, depth = 0): string => {
    const parent = topic.parentKey ? byKey.get(topic.parentKey) : undefined;
    return parent && depth < 10 ? `${labelOf(parent, depth + 1)} › ${topic.name}` : topic.name;
  };
  return topics
    .filter((t) => t.mergedInto === null)
    .map((t) => ({ id: t.id, key: t.key, name: t.name, label: labelOf(t) }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

/** Markets a person may pick: active ones only. */
export async function marketChoices(db: Db): Promise<Market[]> {
  return (await listMarkets(db, { includeArchived: false })).filter((m) => m.mergedInto === null);
}

export type TopicMatch = { topic: TopicChoice } | { candidates: TopicChoice[] };

/**
 * What a person typed or picked in the topic field: a key, a full label, a name only one topic has,
 * or a piece of text only one topic's label contains ("sms" + Enter). Several candidates come back
 * for the page to offer; none means nothing matched.
 */
export function matchTopic(choices: TopicChoice[], typed: string): TopicMatch {
  const wanted = typed.trim().toLowerCase();
  if (!wanted) return { candidates: [] };
  const exact = choices.find((c) => c.key === wanted || c.label.toLowerCase() === wanted);
  if (exact) return { topic: exact };
  const byName = choices.filter((c) => c.name.toLowerCase() === wanted);
  if (byName.length === 1) return { topic: byName[0]! };
  const containing = choices.filter((c) => c.label.toLowerCase().includes(wanted) || c.key.includes(wanted));
  if (containing.length === 1) return { topic: containing[0]! };
  return { candidates: byName.length > 1 ? byName : containing };
}
