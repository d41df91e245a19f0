/** The order after moving `id` to 1-based `position` (past the end: last). */
export function moveTo(orderedIds: readonly number[], id: number, position: number): number[] {
  const rest = orderedIds.filter((other) => other !== id);
  const index = Math.min(Math.max(position, 1), rest.length + 1) - 1;
  return [...rest.slice(0, index), id, ...rest.slice(index)];
}
