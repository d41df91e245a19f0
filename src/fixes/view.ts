import { caseKey } from '../cases/view.ts';
import type { NoteRow } from './repo.ts';

export interface FixedNoteView {
  id: number;
  caseId: number;
  caseKey: string;
  caseTitle: string;
  caseStatus: string;
  status: NoteRow['status'];
  title: string;
  body: string;
  /** The Bokmål text, when someone wrote one. */
  nb: { title: string; body: string } | null;
  version: number;
  draftedBy: string;
  approvedBy: string | null;
  publishedAt: Date | null;
  firstPublishedAt: Date | null;
  withdrawnBy: string | null;
  withdrawnAt: Date | null;
  withdrawnReason: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** Help-desk tickets behind the case that get a tag and an internal note once the note is published. */
  helpDesk: NoteRow['tickets'];
}

export function toView(row: NoteRow): FixedNoteView {
  return {
    id: row.id,
    caseId: row.caseId,
    caseKey: caseKey(row.caseId),
    caseTitle: row.caseTitle,
    caseStatus: row.caseStatus,
    status: row.status,
    title: row.title,
    body: row.body,
    nb: row.titleNb !== null && row.bodyNb !== null ? { title: row.titleNb, body: row.bodyNb } : null,
    version: row.version,
    draftedBy: row.draftedBy,
    approvedBy: row.approvedBy,
    publishedAt: row.publishedAt,
    firstPublishedAt: row.firstPublishedAt,
    withdrawnBy: row.withdrawnBy,
    withdrawnAt: row.withdrawnAt,
    withdrawnReason: row.withdrawnReason,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    helpDesk: row.tickets,
  };
}
