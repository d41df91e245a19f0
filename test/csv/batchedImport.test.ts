import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { checkHeader, DerivedIds, importCsvBatches, type CsvBatch } from '../../src/csv/batchedImport.ts';
import { AppError } from '../../src/http/errors.ts';

const COLUMNS = { all: ['day', 'count', 'note'] as const, required: ['day', 'count'] as const };
type Column = (typeof COLUMNS.all)[number];

/** Imports `text` with a check that wants a whole-number count, keeping what each store call received. */
async function run(text: string, options: { batchSize?: number; concurrency?: number; failOnBatch?: number } = {}) {
  const stored: Array<CsvBatch<{ index: number; count: number }>> = [];
  const progress: number[] = [];
  const result = await importCsvBatches<Column, { index: number; count: number }>(Readable.from([text]), {
    columns: COLUMNS,
    batchSize: options.batchSize ?? 2,
    concurrency: options.concurrency ?? 1,
    onProgress: ({ rows }) => progress.push(rows),
    check: (header, fields, index) => {
      const count = Number(fields[header.indexOf('count')]);
      return Number.isInteger(count) ? { ok: true, value: { index, count } } : { ok: false, errors: ['count: must be a whole number'] };
    },
    store: async (batch) => {
      stored.push(batch);
      if (stored.length === options.failOnBatch) throw new Error('database gone');
      // The "database" refuses a count of 13, by the row's position in the batch.
      const refused = batch.valid.filter((v) => v.count === 13).map((v) => ({ index: v.index, errors: ['count: 13 is refused'] }));
      return { created: batch.valid.length - refused.length, duplicates: 0, rejected: refused };
    },
  });
  return { result, stored, progress };
}

describe('batched CSV import', () => {
  it('keeps the good rows and names each bad one by its line: field count, check and store refusals', async () => {
    const { result, stored, progress } = await run('day,count,note\n2026-11-01,3,a\n2026-11-02,x,b\n2026-11-03,13,c\n2026-11-04,4\n2026-11-05,"5"x,c\n2026-11-06,6,d\n');
    assert.deepEqual(result.rejected, [
      { line: 3, errors: ['count: must be a whole number'] },
      { line: 4, errors: ['count: 13 is refused'] },
      { line: 5, errors: ['expected 3 fields (day,count,note), found 2'] },
      // A stray quote is a character of the value, which the check then refuses by name.
      { line: 6, errors: ['count: must be a whole number'] },
    ]);
    assert.deepEqual([result.rows, result.created, result.rejectedCount], [6, 2, 4]);
    assert.deepEqual(stored.map((b) => b.lines), [[2, 3], [4, 6], [7]], 'only rows with the right field count reach a batch');
    assert.equal(progress.length, 3, 'progress after each stored batch');
    assert.equal(progress.at(-1), result.rows);
  });

  it('reads the rows after a stray quote the right way round, and names rows by the line they start on', async () => {
    const stray = [
      'day,count,note',
      '2026-11-01,1,Customer said "no" twice', // line 2: quotes inside an unquoted value
      '2026-11-02,2,"bro"ken"', // line 3: a quote inside a quoted value that is not doubled
      '2026-11-03,3,"two', // line 4: a quoted value over two lines…
      'lines"',
      '2026-11-04,x,"he said ""hi"""', // line 6: refused, named by its own line
      '2026-11-05,5,"ok, fine"',
    ].join('\n');
    const { result, stored } = await run(stray, { batchSize: 10 });
    assert.deepEqual(result.rejected, [{ line: 6, errors: ['count: must be a whole number'] }]);
    assert.deepEqual([result.rows, result.created], [5, 4]);
    assert.deepEqual(stored[0]!.lines, [2, 3, 4, 6, 7]);
  });

  it('names the line where a quote that is never closed opens, and keeps the rows before it', async () => {
    const { result } = await run('day,count,note\n2026-11-01,1,a\n2026-11-02,2,"never closed\n2026-11-03,3,c\n2026-11-04,4,d\n');
    assert.deepEqual([result.rows, result.created, result.rejectedCount], [2, 1, 1]);
    assert.equal(result.rejected[0]!.line, 3);
    assert.match(result.rejected[0]!.errors[0]!, /^CSV syntax: the quote opened on line 3 is never closed, so line 3 to the end of the file \(line 5\) was read as one value and not stored\./);
  });

  it('refuses a bad header before reading a row, and an empty file', async () => {
    await assert.rejects(run('day,amount,day\n2026-11-01,3,a\n'), (error: AppError) => {
      assert.equal(error.message, 'Line 1: bad CSV header: unknown column(s) "amount"; missing column(s) count; repeated column(s) day. Expected: day,count,note');
      return true;
    });
    await assert.rejects(run(''), /The CSV file is empty; expected a header: day,count,note/);
    assert.deepEqual(checkHeader([' Day ', 'COUNT'], COLUMNS), ['day', 'count']);
  });

  it('stops at a failed batch, once the batches in flight are stored', async () => {
    const rows = Array.from({ length: 9 }, (_, i) => `2026-11-0${i + 1},${i}`).join('\n');
    const calls: number[][] = [];
    await assert.rejects(
      importCsvBatches<Column, number>(Readable.from([`day,count\n${rows}\n`]), {
        columns: COLUMNS,
        batchSize: 2,
        concurrency: 2,
        check: (_header, _fields, index) => ({ ok: true, value: index }),
        store: async (batch) => {
          calls.push(batch.lines);
          if (calls.length === 2) throw new Error('database gone');
          await new Promise((resolve) => setTimeout(resolve, 20));
          return { created: batch.valid.length, duplicates: 0, rejected: [] };
        },
      }),
      /database gone/,
    );
    // The first two batches went out together; the failure stops the third from starting.
    assert.deepEqual(calls, [[2, 3], [4, 5]]);
  });

  it('derives the same ids as earlier versions, so re-importing an old file stores nothing twice', () => {
    // Values pinned from the id scheme as first released (inquiry and survey rows without external_id).
    const ids = new DerivedIds();
    const inquiry = [new Date('2026-11-01T09:30:00+01:00').toISOString(), 'sms-payment', 'torget', 'phone', undefined];
    assert.equal(ids.next(inquiry), 'row:VvVKAQ2_sDUAC7Rz98UbOf:1');
    assert.equal(ids.next(inquiry), 'row:VvVKAQ2_sDUAC7Rz98UbOf:2', 'the second identical row is its own row');
    const answer = ['2026-11-02T10:00:00.000Z', 'nps', '0-10', 9, 'login', undefined, undefined, 'Great'];
    assert.equal(new DerivedIds().next(answer), 'row:rEstJs_lpYmOFb5op8fORB:1');
  });
});
