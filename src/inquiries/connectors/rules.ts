import type { FeedTicket } from './feedTicket.ts';

/** A stored rule with its targets as keys. */
export interface MappingRule {
  id: number;
  position: number;
  field: string;
  equals: string;
  topic: string | null;
  market: string | null;
}

/** Generic hooks: the tool's values (facts `topic` and `market`) → our keys; an unlisted value is used as a key as it is. */
export interface ValueMaps {
  topicValues: Record<string, string>;
  marketValues: Record<string, string>;
}

export interface MappingSource {
  rules: MappingRule[];
  defaultMarket: string | null;
  valueMaps?: ValueMaps | undefined;
}

export interface Mapping {
  topic?: string | undefined;
  market?: string | undefined;
}

export function ruleMatches(rule: Pick<MappingRule, 'field' | 'equals'>, facts: FeedTicket['facts']): boolean {
  return (facts[rule.field] ?? []).includes(rule.equals);
}

/**
 * A ticket's topic and market. Each is taken from the first rule in order that matches and names
 * one, so a topic rule (a custom field) and a market rule (a brand or a tag) combine; then from the
 * tool's own values (generic hooks); a market last from the connector's default.
 */
export function resolveMapping(ticket: FeedTicket, source: MappingSource): Mapping {
  let topic: string | undefined;
  let market: string | undefined;
  for (const rule of source.rules) {
    if (topic !== undefined && market !== undefined) break;
    if (!ruleMatches(rule, ticket.facts)) continue;
    topic ??= rule.topic ?? undefined;
    market ??= rule.market ?? undefined;
  }
  if (source.valueMaps) {
    topic ??= mapValue(ticket.facts.topic?.[0], source.valueMaps.topicValues);
    market ??= mapValue(ticket.facts.market?.[0], source.valueMaps.marketValues);
  }
  market ??= source.defaultMarket ?? undefined;
  return { topic, market };
}

function mapValue(value: string | undefined, map: Record<string, string>): string | undefined {
  if (value === undefined) return undefined;
  return Object.hasOwn(map, value) ? map[value] : value;
}
