import type pg from 'pg';
import type { AppContext } from '../context.ts';
import type { Db } from '../db/database.ts';
import { withTransaction } from '../db/transaction.ts';
import { AppError } from '../http/errors.ts';
import * as taxonomy from '../taxonomy/service.ts';
import { DeliveryError } from './channels/deliveryError.ts';
import { sendMessage } from './channels/send.ts';
import { addressProblem, type CreateTargetBody, type UpdateTargetBody } from './schemas.ts';
import { describeScope } from './scope.ts';
import * as targetRepo from './targetRepo.ts';
import { renderMessage } from './templates.ts';

export interface TargetView {
  id: number;
  name: string;
  kind: targetRepo.TargetKind;
  /** An e-mail address in full; a webhook URL only as its host and last characters, since the URL is the secret. */
  address: string;
  topic: string | null;
  market: string | null;
  spikes: boolean;
  digest: boolean;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export function maskWebhook(url: string): string {
  const { origin } = new URL(url);
  return `${origin}/…${url.slice(-4)}`;
}

function toView(row: targetRepo.TargetRow): TargetView {
  const { id, name, kind, topic, market, spikes, digest, active, createdAt, updatedAt } = row;
  return { id, name, kind, address: kind === 'slack' ? maskWebhook(row.address) : row.address, topic, market, spikes, digest, active, createdAt, updatedAt };
}

async function mustGet(db: Db, id: number, forUpdate = false): Promise<targetRepo.TargetRow> {
  const row = await targetRepo.getTarget(db, id, { forUpdate });
  if (!row) throw new AppError('NOT_FOUND', `Notification target ${id} not found`);
  return row;
}

/** A topic or market key as the id to store; an unknown key is a 400 naming the field. */
async function idOf(db: Db, table: 'topics' | 'markets', key: string | null): Promise<number | null> {
  if (key === null) return null;
  const id = (await taxonomy.resolveKeys(db, table, [key])).get(key);
  const field = table === 'topics' ? 'topic' : 'market';
  if (id === undefined) throw new AppError('INVALID_INPUT', `Invalid notification target: ${field}: unknown ${field} "${key}"`, [`${field}: unknown ${field} "${key}"`]);
  return id;
}

export async function listTargets(db: Db): Promise<TargetView[]> {
  return (await targetRepo.listTargets(db)).map(toView);
}

export async function createTarget(db: Db, body: CreateTargetBody, asOf: Date): Promise<TargetView> {
  const topicId = await idOf(db, 'topics', body.topic);
  const marketId = await idOf(db, 'markets', body.market);
  const id = await targetRepo.insertTarget(db, { ...body, topicId, marketId }, asOf);
  return toView(await mustGet(db, id));
}

/** Changes what is given; the address is checked against the kind the target ends up with. */
export async function updateTarget(pool: pg.Pool, id: number, body: UpdateTargetBody, asOf: Date): Promise<TargetView> {
  await withTransaction(pool, async (tx) => {
    const current = await mustGet(tx, id, true);
    const kind = body.kind ?? current.kind;
    const address = body.address ?? current.address;
    const problem = addressProblem(kind, address);
    if (problem) throw new AppError('INVALID_INPUT', `Invalid notification target: address: ${problem}`, [`address: ${problem}`]);
    await targetRepo.updateTarget(
      tx,
      id,
      {
        name: body.name ?? current.name,
        kind,
        address,
        topicId: body.topic === undefined ? current.topicId : await idOf(tx, 'topics', body.topic),
        marketId: body.market === undefined ? current.marketId : await idOf(tx, 'markets', body.market),
        spikes: body.spikes ?? current.spikes,
        digest: body.digest ?? current.digest,
        active: body.active ?? current.active,
      },
      asOf,
    );
  });
  return toView(await mustGet(pool, id));
}

/** Deactivates rather than deletes: the target's deliveries stay as the record of what was sent. */
export async function deactivateTarget(pool: pg.Pool, id: number, asOf: Date): Promise<TargetView> {
  return updateTarget(pool, id, { active: false }, asOf);
}

/** Sends the test message now, outside the queue, and says whether it went through and why not. */
export async function sendTestMessage(ctx: Pick<AppContext, 'pool' | 'config'>, id: number, asOf: Date): Promise<{ ok: boolean; error?: string; target: TargetView }> {
  const target = await mustGet(ctx.pool, id);
  const message = await renderMessage({
    name: 'test',
    channel: target.kind,
    overrideDir: ctx.config.NOTIFY_TEMPLATES_DIR,
    context: {
      target: { name: target.name, kind: target.kind, scope: describeScope(target), spikes: target.spikes, digest: target.digest },
      baseUrl: ctx.config.PUBLIC_BASE_URL,
    },
  });
  try {
    await sendMessage(ctx.config, target, message, asOf);
    return { ok: true, target: toView(target) };
  } catch (error) {
    if (!(error instanceof DeliveryError)) throw error;
    return { ok: false, error: error.message, target: toView(target) };
  }
}
