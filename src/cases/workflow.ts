import type { CaseStatus, RootCause, Target } from './schemas.ts';

/** Where a case may go from each status. Everything else answers 409. */
export const TRANSITIONS: Record<CaseStatus, readonly CaseStatus[]> = {
  new: ['refining', 'dropped'],
  refining: ['ready', 'dropped'],
  ready: ['in_progress', 'refining', 'dropped'],
  in_progress: ['fix_shipped', 'ready', 'dropped'],
  fix_shipped: ['verifying', 'in_progress', 'dropped'],
  verifying: ['resolved', 'reopened'],
  resolved: ['reopened'],
  reopened: ['refining', 'in_progress', 'dropped'],
  dropped: ['reopened'],
};

/** Statuses that need a fully refined case: FINN's workshop must have been held. */
const NEEDS_REFINEMENT: readonly CaseStatus[] = ['ready', 'in_progress'];

export interface RefinementFacts {
  ownerId: number | null;
  currentState: string;
  rootCauses: RootCause[];
  desiredState: string;
  target: Target | null;
  /** Actions that are not dropped. */
  liveActions: number;
}

/** What a case still lacks before it can be `ready`, in the method's order. Empty when complete. */
export function missingForReady(facts: RefinementFacts): string[] {
  const missing: string[] = [];
  if (!facts.currentState.trim()) missing.push('current state');
  if (facts.rootCauses.length === 0) missing.push('at least one root cause');
  if (!facts.desiredState.trim()) missing.push('desired state');
  if (!facts.target) missing.push('a measurable target in the desired state');
  if (facts.liveActions === 0) missing.push('at least one action');
  if (facts.ownerId === null) missing.push('an owner');
  return missing;
}

/** Why a move is not allowed, or an empty list when it is. */
export function transitionProblems(from: CaseStatus, to: CaseStatus, facts: RefinementFacts, reason: string | undefined): string[] {
  if (from === to) return [`the case is already ${to}`];
  if (!TRANSITIONS[from].includes(to)) {
    return [`a case cannot go from ${from} to ${to}; from ${from} it can go to ${TRANSITIONS[from].join(', ')}`];
  }
  if (to === 'dropped' && !reason) return ['a reason is required to drop a case'];
  if (NEEDS_REFINEMENT.includes(to)) return missingForReady(facts);
  if (to !== 'dropped' && facts.ownerId === null) return ['an owner (a case is never ownerless once past new)'];
  return [];
}
