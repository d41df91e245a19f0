import type pg from 'pg';
import type { Db } from '../db/database.ts';
import { withTransaction } from '../db/transaction.ts';
import { AppError } from '../http/errors.ts';
import * as deliveryRepo from './deliveryRepo.ts';

export async function listDeliveries(db: Db, query: { status?: string[]; targetId?: number; limit: number }): Promise<deliveryRepo.DeliveryView[]> {
  return deliveryRepo.listDeliveries(db, { ...(query.status ? { statuses: query.status } : {}), ...(query.targetId ? { targetId: query.targetId } : {}), limit: query.limit });
}

/**
 * Puts a failed (or still pending) delivery back in the queue, due now and with a fresh set of
 * attempts; the delivery job sends it on its next run. A sent one is not sent again.
 */
export async function retryDelivery(pool: pg.Pool, id: number, asOf: Date): Promise<deliveryRepo.DeliveryView> {
  await withTransaction(pool, async (tx) => {
    const delivery = await deliveryRepo.getDelivery(tx, id, { forUpdate: true });
    if (!delivery) throw new AppError('NOT_FOUND', `Delivery ${id} not found`);
    if (delivery.status === 'sent') throw new AppError('CONFLICT', `Delivery ${id} was already sent`);
    if (!delivery.targetActive) throw new AppError('CONFLICT', `Delivery ${id} goes to the inactive target ${delivery.target?.id}; activate it first`);
    await deliveryRepo.requeue(tx, id, asOf);
  });
  return (await deliveryRepo.getDelivery(pool, id))!;
}
