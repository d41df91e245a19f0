import { createRequire } from 'node:module';
import { benchRows } from './data.ts';
const require = createRequire(import.meta.url);
const { prepareValue } = require('pg/lib/utils') as { prepareValue: (v: unknown) => unknown };
const items = [...benchRows(100000)].map((i) => ({ ...i, d: new Date(i.receivedAt) }));
let s = performance.now();
for (let k = 0; k < items.length; k += 5000) {
  const b = items.slice(k, k + 5000);
  for (const arr of [b.map((r) => r.d), b.map(() => 1), b.map(() => 2), b.map((r) => r.channel), b.map((r) => r.note ?? null), b.map(() => 'csv'), b.map((r) => r.externalId)]) prepareValue(arr);
}
console.log('pg prepareValue for 100k rows (7 arrays, batches of 5000):', ((performance.now() - s) / 1000).toFixed(2), 's');
s = performance.now();
for (let k = 0; k < items.length; k += 5000) prepareValue(items.slice(k, k + 5000).map((r) => r.d));
console.log('  of which the Date[] column:', ((performance.now() - s) / 1000).toFixed(2), 's');
