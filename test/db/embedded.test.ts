import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbedded } from '../../src/db/embedded.ts';

/**
 * One data directory, one process: the lock is taken before PGlite opens the files, so a second
 * command started while the first is still starting waits for it instead of opening them too.
 */
describe('embedded database lock', function () {
  this.timeout(60_000);
  let dir: string;
  let other: ChildProcess | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'pp-lock-'));
  });
  afterEach(async () => {
    other?.kill();
    other = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  const lockPath = () => path.join(dir, 'pglite.lock.json');

  it('waits for a live process that is still starting, and never opens the files itself', async () => {
    other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)']);
    await writeFile(lockPath(), JSON.stringify({ pid: other.pid, url: null }));
    await assert.rejects(startEmbedded({ dataDir: dir, maxConnections: 2, claimWaitMs: 400 }), (error: Error) => {
      assert.match(error.message, new RegExp(`held by process ${other!.pid}, which has not started serving it within 0.4 s`));
      assert.match(error.message, /delete .*pglite\.lock\.json/);
      return true;
    });
    assert.ok(!existsSync(path.join(dir, 'pglite', 'PG_VERSION')), 'the data files were not opened');
  });

  it('takes over a lock left by a process that is gone, and releases it on stop', async () => {
    await writeFile(lockPath(), JSON.stringify({ pid: 2 ** 22 + 12345, url: null }));
    const server = await startEmbedded({ dataDir: dir, maxConnections: 2, claimWaitMs: 2000 });
    try {
      assert.equal(server.owned, true);
      assert.ok(existsSync(lockPath()), 'this process holds the lock now');
    } finally {
      await server.stop();
    }
    assert.ok(!existsSync(lockPath()), 'the lock is removed on stop');
  });
});
