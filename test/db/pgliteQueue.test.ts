import assert from 'node:assert/strict';
import { once } from 'node:events';
import pg from 'pg';
import { startEmbedded, type EmbeddedServer } from '../../src/db/embedded.ts';

/** The parts of node-postgres' protocol connection this test drives (its typings leave most out). */
interface RawConnection extends NodeJS.EventEmitter {
  connect(port: number, host: string): void;
  startup(config: { user: string; database: string }): void;
  parse(query: { text: string; types: number[] }): void;
  bind(config: { statement: string; portal: string; values: string[] }): void;
  execute(config: { portal: string; rows: number }): void;
  query(text: string): void;
  flush(): void;
  sync(): void;
  end(): void;
}

/** A bare protocol connection to the embedded server, past start-up. */
async function connect(url: string): Promise<RawConnection> {
  const { hostname, port } = new URL(url);
  const connection = new pg.Connection() as unknown as RawConnection;
  connection.connect(Number(port), hostname);
  await once(connection, 'connect');
  connection.startup({ user: 'postgres', database: 'postgres' });
  await once(connection, 'readyForQuery');
  return connection;
}

/** Everything a connection hears until its next ReadyForQuery: data rows' first values and errors. */
function collectUntilReady(connection: RawConnection): Promise<{ rows: string[]; errors: string[] }> {
  const heard = { rows: [] as string[], errors: [] as string[] };
  const onRow = (message: { fields: Array<string | null> }) => heard.rows.push(String(message.fields[0]));
  const onError = (message: { message: string }) => heard.errors.push(message.message);
  connection.on('dataRow', onRow);
  connection.on('errorMessage', onError);
  return new Promise((resolve) => {
    connection.once('readyForQuery', () => {
      connection.off('dataRow', onRow);
      connection.off('errorMessage', onError);
      resolve(heard);
    });
  });
}

describe('embedded database: one PGlite session behind many connections', function () {
  this.timeout(30_000);
  let server: EmbeddedServer;
  before(async () => {
    server = await startEmbedded({ dataDir: 'memory://', maxConnections: 4 });
  });
  after(() => server.stop());

  it("keeps a connection's Parse…Sync whole while another connection's query arrives in between", async () => {
    const a = await connect(server.url);
    const b = await connect(server.url);
    // A parses an unnamed statement and waits, as a client does between round trips.
    a.parse({ text: 'SELECT $1::text AS value', types: [] });
    a.flush();
    await once(a, 'parseComplete');
    // B's simple query would drop A's unnamed statement if it ran now.
    const bHeard = collectUntilReady(b);
    b.query('SELECT 42 AS answer');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const aHeard = collectUntilReady(a);
    a.bind({ statement: '', portal: '', values: ['from A'] });
    a.execute({ portal: '', rows: 0 });
    a.sync();
    assert.deepEqual(await aHeard, { rows: ['from A'], errors: [] });
    assert.deepEqual(await bHeard, { rows: ['42'], errors: [] }, 'B ran once A was done');
    a.end();
    b.end();
  });

  it('goes on serving after a message fails, and when a connection leaves mid-cycle', async () => {
    const a = await connect(server.url);
    a.parse({ text: 'SELECT $1::text', types: [] });
    a.flush();
    await once(a, 'parseComplete');
    a.end(); // gone between Parse and Sync
    await once(a, 'end');
    const pool = new pg.Pool({ connectionString: server.url, max: 3 });
    try {
      const results = await Promise.all(Array.from({ length: 60 }, (_, i) => pool.query(i % 2 ? 'SELECT $1::int AS n' : 'SELECT $1::text AS n', [i])));
      assert.deepEqual(results.map((r) => String(r.rows[0].n)), Array.from({ length: 60 }, (_, i) => String(i)));
      await assert.rejects(pool.query('SELECT $1::int / 0', [1]), /division by zero/);
      assert.equal((await pool.query('SELECT 1 AS one')).rows[0].one, 1, 'still serving after an error');
    } finally {
      await pool.end();
    }
  });
});
