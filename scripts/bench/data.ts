// Deterministic test data for scripts/bench-ingest.ts: the same seed always yields the same rows.
import { open } from 'node:fs/promises';
import type { Channel } from '../../src/inquiries/schemas.ts';
import { seededRandom } from '../../src/demo/random.ts';

export interface BenchRow {
  receivedAt: string;
  topic: string;
  market: string;
  channel: Channel;
  note?: string;
  externalId: string;
}

export const MARKETS = [
  { key: 'no', name: 'Norway' },
  { key: 'se', name: 'Sweden' },
  { key: 'dk', name: 'Denmark' },
  { key: 'fi', name: 'Finland' },
];

export const TOPICS: Array<{ key: string; name: string; parent?: string }> = [
  { key: 'billing', name: 'Billing' },
  { key: 'billing.refund', name: 'Refunds', parent: 'billing' },
  { key: 'billing.invoice', name: 'Invoices', parent: 'billing' },
  { key: 'billing.double-charge', name: 'Double charge', parent: 'billing' },
  { key: 'delivery', name: 'Delivery' },
  { key: 'delivery.late', name: 'Late delivery', parent: 'delivery' },
  { key: 'delivery.damaged', name: 'Damaged parcel', parent: 'delivery' },
  { key: 'delivery.tracking', name: 'Tracking', parent: 'delivery' },
  { key: 'account', name: 'Account' },
  { key: 'account.login', name: 'Cannot log in', parent: 'account' },
  { key: 'account.password_reset', name: 'Password reset', parent: 'account' },
  { key: 'app', name: 'Mobile app' },
  { key: 'app.crash', name: 'App crashes', parent: 'app' },
  { key: 'product.question', name: 'Product question' },
  { key: 'other', name: 'Other' },
];

const CHANNELS: Array<[Channel, number]> = [['phone', 0.35], ['email', 0.6], ['chat', 0.8], ['social', 0.88], ['form', 0.95], ['other', 1]];
const MARKET_WEIGHTS = [0.45, 0.75, 0.92, 1];
const NOTES = [
  'Customer says the app crashed, again',
  'Refund for order #N not received',
  'Asked "where is my parcel?" twice',
  'Charged twice, wants a "proper" answer, today',
  'Parcel arrived damaged; box was wet',
  'Cannot log in after update',
  'Invoice N shows wrong address',
  'Wants to talk to a manager',
];
const START = Date.UTC(2025, 10, 1); // 365 days: 2025-11-01 .. 2026-10-31 (all before November 2026)

export function* benchRows(count: number, seed = 20260301): Generator<BenchRow> {
  const rand = seededRandom(seed);
  for (let n = 1; n <= count; n++) {
    const at = new Date(START + Math.floor(rand() * 365 * 86_400) * 1000).toISOString().slice(0, 19) + 'Z';
    const topic = TOPICS[Math.floor(rand() * rand() * TOPICS.length)]!.key; // skewed: low indexes are common
    const m = rand();
    const market = MARKETS[MARKET_WEIGHTS.findIndex((w) => m < w)]!.key;
    const c = rand();
    const channel = CHANNELS.find(([, w]) => c < w)![0];
    const row: BenchRow = { receivedAt: at, topic, market, channel, externalId: `b-${n}` };
    if (rand() < 0.3) row.note = NOTES[Math.floor(rand() * NOTES.length)]!.replace('N', String(Math.floor(rand() * 99_999)));
    yield row;
  }
}

/** RFC 4180: quote a field holding a comma, quote or line break, doubling inner quotes. */
const field = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/** Writes the rows as the import CSV; returns the file size in bytes. */
export async function writeCsv(file: string, count: number): Promise<number> {
  const handle = await open(file, 'w');
  let bytes = 0;
  try {
    let chunk = 'received_at,topic,market,channel,note,external_id\n';
    for (const r of benchRows(count)) {
      chunk += `${r.receivedAt},${r.topic},${r.market},${r.channel},${field(r.note ?? '')},${r.externalId}\n`;
      if (chunk.length > 1 << 20) {
        bytes += (await handle.write(chunk)).bytesWritten;
        chunk = '';
      }
    }
    bytes += (await handle.write(chunk)).bytesWritten;
  } finally {
    await handle.close();
  }
  return bytes;
}
