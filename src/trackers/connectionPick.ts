/** What the pick needs to know of a connection: where it is placed and whether it takes new links. */
export interface PickableConnection {
  id: number;
  name: string;
  active: boolean;
  /** The market's key; null for a connection that serves every market. */
  market: string | null;
}

// A fixed locale, so the order (and so the pick) does not depend on the server's settings.
const byName = (a: PickableConnection, b: PickableConnection) => a.name.localeCompare(b.name, 'en') || a.id - b.id;

/**
 * The connection a case most likely goes to: an active one placed in one of the case's markets,
 * else an active one with no market; ties go to the first by name. Undefined when neither exists,
 * so nobody is steered to another market's tracker.
 */
export function pickConnection<C extends PickableConnection>(connections: readonly C[], caseMarkets: readonly string[]): C | undefined {
  const active = connections.filter((c) => c.active).sort(byName);
  return active.find((c) => c.market !== null && caseMarkets.includes(c.market)) ?? active.find((c) => c.market === null);
}

/**
 * The active connections to offer for a case: the picked one first and marked `selected`, then
 * the rest by name. Inactive connections take no new links, so they are left out.
 */
export function connectionChoices<C extends PickableConnection>(connections: readonly C[], caseMarkets: readonly string[]): Array<C & { selected: boolean }> {
  const picked = pickConnection(connections, caseMarkets);
  const rest = connections.filter((c) => c.active && c !== picked).sort(byName);
  return [...(picked ? [picked] : []), ...rest].map((c) => ({ ...c, selected: c === picked }));
}
