import type { Db } from '../db/database.ts';

/**
 * Records a webhook delivery as handled. False when it was handled before: the primary key on
 * (provider, delivery id) makes a redelivery or a replay a no-op, even when two arrive at once.
 */
export async function recordDelivery(db: Db, input: { provider: string; deliveryId: string; connectionId: number | null; outcome: string; at: Date }): Promise<boolean> {
  const result = await db.query(
    `INSERT INTO tracker_webhook_deliveries (provider, delivery_id, connection_id, outcome, received_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (provider, delivery_id) DO NOTHING`,
    [input.provider, input.deliveryId, input.connectionId, input.outcome, input.at],
  );
  return (result.rowCount ?? 0) > 0;
}

export async function countDeliveries(db: Db, provider: string): Promise<number> {
  const result = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM tracker_webhook_deliveries WHERE provider = $1`, [provider]);
  return result.rows[0]!.n;
}
