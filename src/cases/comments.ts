import type pg from 'pg';
import { actorOf } from '../auth/principal.ts';
import type { Db } from '../db/database.ts';
import { withTransaction } from '../db/transaction.ts';
import * as repo from './repo.ts';
import { mustGetCase, type CallContext } from './service.ts';

export async function listComments(db: Db, caseId: number): Promise<repo.CommentRow[]> {
  await mustGetCase(db, caseId);
  return repo.listComments(db, caseId);
}

/** Anyone signed in may comment; the comment is also a line in the case history. */
export async function addComment(pool: pg.Pool, caseId: number, body: string, call: CallContext): Promise<repo.CommentRow> {
  return withTransaction(pool, async (tx) => {
    await mustGetCase(tx, caseId);
    const { actor, actorUserId } = actorOf(call.principal);
    const comment = await repo.insertComment(tx, { caseId, author: actor, authorUserId: actorUserId, body, at: call.asOf });
    await repo.insertHistory(tx, [{ caseId, actionId: null, actor, actorUserId, at: call.asOf, field: 'comment', before: null, after: { id: comment.id } }]);
    return comment;
  });
}
