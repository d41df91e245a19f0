import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createProcessDatabase, repoRoot, runCli, type ProcessDatabase } from './support/processes.ts';

interface Started {
  child: ChildProcessWithoutNullStreams;
  url: string;
  logs: () => string;
}

/** Starts `npm start`'s command and waits for its "listening" log line. */
function startServer(env: Record<string, string>, args: string[] = []): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src/main.ts'), ...args], {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0', ...env },
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"url":"(http:\/\/[^"]+)".*Pinchpoint is listening/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1]!, logs: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

function stop(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

describe('the service process', function () {
  this.timeout(180_000);
  let db: ProcessDatabase;
  before(async () => {
    db = await createProcessDatabase();
  });
  after(() => db.close());

  it('serves, writes JSON logs, shares its embedded database with the CLI, and shuts down cleanly', async () => {
    const server = await startServer(db.env);
    try {
      const health = await fetch(`${server.url}/healthz`);
      assert.equal(health.status, 200);
      assert.match(server.logs(), /No API tokens yet/);

      // While the server runs, the CLI reaches the same database (through the server on PGlite).
      const created = await runCli(['token', 'create', '--name', 'agent', '--role', 'agent'], db.env);
      assert.equal(created.code, 0, created.stderr);
      const token = /^(pp_\S+)$/m.exec(created.stdout)![1]!;
      const topics = await fetch(`${server.url}/api/v1/topics`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(topics.status, 200);
      const ready = (await (await fetch(`${server.url}/readyz`)).json()) as { status: string };
      assert.equal(ready.status, 'ready');
      assert.match(server.logs(), /"req":\{"id":"[\w-]+","method":"GET","url":"\/healthz"\}/);
    } finally {
      assert.equal(await stop(server.child), 0);
    }
    assert.match(server.logs(), /"msg":"stopped"/);
    if (!process.env.DATABASE_URL) assert.ok(!existsSync(path.join(db.dataDir, 'pglite.lock.json')), 'the lock file is removed');

    // Everything survived the restart.
    const again = await startServer(db.env, ['--role', 'web']);
    try {
      const list = await runCli(['token', 'list'], db.env);
      assert.match(list.stdout, /agent/);
    } finally {
      assert.equal(await stop(again.child), 0);
    }
  });

  it('shuts down cleanly on a SIGTERM that arrives the moment it starts listening', async () => {
    const server = await startServer(db.env);
    assert.equal(await stop(server.child), 0, server.logs());
    assert.match(server.logs(), /"msg":"stopped"/);
  });

  it('refuses to start with a bad variable, naming it', async () => {
    await assert.rejects(startServer({ ...db.env, PORT: 'eighty' }), /PORT: .*"eighty"/);
    await assert.rejects(startServer(db.env, ['--role', 'boss']), /--role must be web, worker or all/);
  });
});
