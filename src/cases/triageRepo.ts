import type { Db } from '../db/database.ts';
import type { CaseStatus } from './schemas.ts';

export interface TriageCaseRow {
  id: number;
  title: string;
  status: CaseStatus;
  decision: 'now' | 'later' | 'discuss' | null;
  version: number;
  ownerName: string | null;
  createdAt: Date;
  updatedAt: Date;
  markets: Array<{ key: string; name: string }>;
}

export interface TriageFilter {
  /** Days in `timeZone` on which the case was opened, inclusive. */
  from?: string;
  to?: string;
  timeZone: string;
  marketId?: number;
  /** A topic and its sub-topics. */
  topicIds?: number[];
}

/** Every case the filter admits, oldest first, with what the triage view shows of it. */
export async function listForTriage(db: Db, filter: TriageFilter): Promise<TriageCaseRow[]> {
  const result = await db.query<TriageCaseRow>(
    `SELECT c.id, c.title, c.status, c.decision, c.version, u.name AS "ownerName", c.created_at AS "createdAt", c.updated_at AS "updatedAt",
       coalesce((SELECT json_agg(json_build_object('key', m.key, 'name', m.name) ORDER BY m.name)
                 FROM case_markets cm JOIN markets m ON m.id = cm.market_id WHERE cm.case_id = c.id), '[]') AS markets
     FROM cases c LEFT JOIN users u ON u.id = c.owner_user_id
     WHERE ($1::date IS NULL OR (c.created_at AT TIME ZONE $3)::date >= $1::date)
       AND ($2::date IS NULL OR (c.created_at AT TIME ZONE $3)::date <= $2::date)
       AND ($4::int IS NULL OR EXISTS (SELECT 1 FROM case_markets cm WHERE cm.case_id = c.id AND cm.market_id = $4))
       AND ($5::int[] IS NULL OR EXISTS (SELECT 1 FROM case_topics ct WHERE ct.case_id = c.id AND ct.topic_id = ANY($5)))
     ORDER BY c.created_at, c.id`,
    [filter.from ?? null, filter.to ?? null, filter.timeZone, filter.marketId ?? null, filter.topicIds ?? null],
  );
  return result.rows;
}
