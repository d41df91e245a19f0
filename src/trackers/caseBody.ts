import { createHash } from 'node:crypto';
import type { Db } from '../db/database.ts';
import { getCase } from '../cases/service.ts';
import type { CaseView } from '../cases/view.ts';
import type { TrackerBodyInput } from './bodies/input.ts';
import { trackerIssueTitle, type TrackerTemplates } from './bodies/render.ts';
import type { IssueDraft, TrackerKind } from './tracker.ts';

/** The hidden token that ties an issue to its link, so a lost create answer never makes a second issue. */
export const linkMarker = (linkId: number) => `pinchpoint-link-${linkId}`;

/** SHA-256 of what we wrote, trimmed, for recognising its echo. */
export function contentHash(text: string): string {
  return createHash('sha256').update(text.trim()).digest('hex');
}

interface EvidenceSnapshot {
  from: string;
  to: string;
  total: number;
  share: number;
  peak: { day: string; count: number } | null;
}

function isEvidence(value: unknown): value is EvidenceSnapshot {
  const e = value as Partial<EvidenceSnapshot> | null;
  return Boolean(e && typeof e.from === 'string' && typeof e.to === 'string' && typeof e.total === 'number' && typeof e.share === 'number');
}

function evidenceOf(view: CaseView): TrackerBodyInput['evidence'] {
  if (!isEvidence(view.evidence)) return null;
  const e = view.evidence;
  const days = Math.round((Date.parse(e.to) - Date.parse(e.from)) / 86_400_000) + 1;
  return {
    topics: view.topics.map((t) => t.name),
    markets: view.markets.map((m) => m.name),
    window: { from: e.from, to: e.to, count: e.total, ratePerDay: days > 0 ? e.total / days : 0, share: Math.min(1, Math.max(0, e.share)) },
    peak: e.peak,
  };
}

/** What the templates see of a case (and, for an action's link, that action). */
export function bodyInput(view: CaseView, options: { actionId: number | null; publicBaseUrl: string }): TrackerBodyInput {
  const action = options.actionId === null ? undefined : view.actions.find((a) => a.id === options.actionId);
  return {
    case: {
      ref: view.key,
      title: view.title,
      status: view.status,
      url: `${options.publicBaseUrl}/cases/${view.id}`,
      reportUrl: null,
      currentState: view.currentState,
      rootCauses: view.rootCauses.map((cause) => ({ text: cause.text, category: cause.category ?? 'unknown' })),
      desiredState: view.desiredState,
      target: view.target,
      owner: view.owner ? { name: view.owner.name, email: view.owner.email } : null,
      team: view.team,
      priority: view.priority,
    },
    action: action ? { title: action.title, owner: action.owner?.name ?? null, dueDate: action.dueDate, status: action.status } : null,
    evidence: evidenceOf(view),
  };
}

export interface RenderedIssue {
  draft: IssueDraft;
  /** Hash of title and body: equal hashes mean the issue already shows this. */
  hash: string;
}

/** Renders the issue for a link from the case as it is now. */
export async function renderIssue(
  db: Db,
  link: { id: number; caseId: number; actionId: number | null },
  options: { kind: TrackerKind; templates: TrackerTemplates; publicBaseUrl: string },
): Promise<RenderedIssue> {
  const view = await getCase(db, link.caseId);
  const input = bodyInput(view, { actionId: link.actionId, publicBaseUrl: options.publicBaseUrl });
  const body = options.templates.render(options.kind, 'issue', input);
  const title = trackerIssueTitle(options.kind, { caseRef: view.key, title: input.action?.title ?? view.title });
  const owner = input.action ? view.actions.find((a) => a.id === link.actionId)?.owner : view.owner;
  return {
    draft: { title, body, marker: linkMarker(link.id), assigneeEmail: owner?.email ?? view.owner?.email ?? null },
    hash: contentHash(`${title}\n${body}`),
  };
}

/** Renders a comment owed by the outbox: an update note, or a follow-up measurement. */
export async function renderComment(
  db: Db,
  link: { caseId: number; actionId: number | null },
  request: { kind: 'comment' | 'followup_comment'; payload: unknown },
  options: { kind: TrackerKind; templates: TrackerTemplates; publicBaseUrl: string },
): Promise<string> {
  const view = await getCase(db, link.caseId);
  const input = bodyInput(view, { actionId: link.actionId, publicBaseUrl: options.publicBaseUrl });
  const payload = (request.payload ?? {}) as Pick<TrackerBodyInput, 'update' | 'measurement'>;
  const template = request.kind === 'followup_comment' ? 'followup-comment' : 'update-comment';
  return options.templates.render(options.kind, template, { ...input, update: payload.update ?? null, measurement: payload.measurement ?? null });
}
