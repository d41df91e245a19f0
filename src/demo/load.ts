import type pg from 'pg';
import { ingest } from '../inquiries/ingest.ts';
import { seed } from '../taxonomy/service.ts';
import type { Day } from '../time.ts';
import { generateDemoInquiries, type DemoInquiry } from './generate.ts';
import { demoMarkets, demoTopics } from './taxonomy.ts';

export interface DemoLoadResult {
  generated: number;
  created: number;
  duplicates: number;
}

/** Seeds the demo taxonomy and inquiries; idempotent, so running it twice adds nothing. */
export async function loadDemo(
  pool: pg.Pool,
  options: { lastDay: Day; timeZone: string; asOf: Date; onProgress?: (generated: number) => void },
): Promise<DemoLoadResult> {
  await seed(pool, {
    markets: demoMarkets.map((m) => ({ ...m })),
    topics: demoTopics.map((t) => ({ ...t })),
  });
  const result: DemoLoadResult = { generated: 0, created: 0, duplicates: 0 };
  let batch: DemoInquiry[] = [];
  const flush = async () => {
    const stored = await ingest(pool, batch, {
      timeZone: options.timeZone,
      defaultSource: 'demo',
      loggedByTokenId: null,
      createMissing: false,
      asOf: options.asOf,
    });
    if (stored.rejected.length > 0) throw new Error(`demo data rejected: ${JSON.stringify(stored.rejected[0])}`);
    result.created += stored.created;
    result.duplicates += stored.duplicates;
    options.onProgress?.(result.generated);
    batch = [];
  };
  for (const inquiry of generateDemoInquiries({ lastDay: options.lastDay, timeZone: options.timeZone })) {
    batch.push(inquiry);
    result.generated++;
    if (batch.length === 5000) await flush();
  }
  if (batch.length > 0) await flush();
  return result;
}
