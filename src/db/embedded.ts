import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { serializeProtocolCycles } from './pgliteQueue.ts';

export interface EmbeddedServer {
  readonly url: string;
  /** False when another process already serves this data directory and we only connected to it. */
  readonly owned: boolean;
  /** A tarball of the data directory (tests copy a migrated database this way). */
  dump?: () => Promise<Blob>;
  stop(): Promise<void>;
}

/** Connections kept free for a second process (the CLI) that finds this server through the lock file. */
export const GUEST_CONNECTIONS = 4;

interface LockFile {
  pid: number;
  url: string;
}

/**
 * Serves PGlite from `dataDir` on a free loopback port, so the app talks to it like any PostgreSQL.
 * A data directory must only ever be opened by one process: the server records its address in a
 * lock file, and a second process (the CLI next to a running `npm start`) connects to that server
 * instead of opening the files itself. 'memory://' runs a throwaway in-memory database.
 */
export async function startEmbedded(options: {
  dataDir: string;
  maxConnections: number;
  loadDataDir?: Blob;
  /** How long to wait for another process that is starting on the same directory (tests shorten it). */
  claimWaitMs?: number;
}): Promise<EmbeddedServer> {
  const inMemory = options.dataDir === 'memory://';
  const pgliteDir = inMemory ? undefined : path.resolve(options.dataDir, 'pglite');
  const lockPath = pgliteDir ? `${pgliteDir}.lock.json` : undefined;
  if (lockPath) {
    await mkdir(pgliteDir!, { recursive: true });
    const running = await claimOrJoin(lockPath, options.claimWaitMs ?? CLAIM_WAIT_MS);
    if (running) return { url: running, owned: false, stop: async () => undefined };
  }

  let pglite: PGlite | undefined;
  let server: PGLiteSocketServer;
  try {
    pglite = await PGlite.create({
      ...(pgliteDir ? { dataDir: pgliteDir } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    });
    server = new PGLiteSocketServer({ db: pglite, host: '127.0.0.1', port: 0, maxConnections: options.maxConnections + GUEST_CONNECTIONS });
    // One PGlite session serves every connection: keep each one's protocol cycle whole (see pgliteQueue.ts).
    serializeProtocolCycles(server);
    await server.start();
  } catch (error) {
    // Never leave the directory claimed by a start that failed.
    await pglite?.close().catch(() => undefined);
    if (lockPath) await rm(lockPath, { force: true });
    throw error;
  }
  const db = pglite;
  const url = `postgres://postgres@${server.getServerConn()}/postgres`;
  if (lockPath) {
    // Written whole and then renamed, so a process reading the lock never sees half of it.
    await writeFile(`${lockPath}.${process.pid}`, JSON.stringify({ pid: process.pid, url } satisfies LockFile));
    await rename(`${lockPath}.${process.pid}`, lockPath);
  }
  return {
    url,
    owned: true,
    dump: () => db.dumpDataDir('none'),
    stop: async () => {
      await guestsGone(server);
      await server.stop();
      await db.close();
      if (lockPath) await rm(lockPath, { force: true });
    },
  };
}

const GUEST_WAIT_MS = 15 * 60_000;

/**
 * Waits until no other process is connected: a command that joined this server (an import next to
 * a `demo`) would otherwise lose its connection in the middle of its work. Our own pool is closed
 * before this, so what is left are guests; they finish on their own, within GUEST_WAIT_MS.
 */
async function guestsGone(server: PGLiteSocketServer): Promise<void> {
  const started = Date.now();
  let told = false;
  while (server.getStats().activeConnections > 0 && Date.now() - started < GUEST_WAIT_MS) {
    if (!told && Date.now() - started >= 2000) {
      told = true;
      console.error('Waiting for another Pinchpoint command that uses this database to finish…');
    }
    await sleep(CLAIM_POLL_MS);
  }
}

const CLAIM_WAIT_MS = 30_000;
const CLAIM_POLL_MS = 100;

/**
 * Takes the data directory for this process, or finds the process that has it. The lock file is
 * created exclusively *before* PGlite opens the files (a starting server writes its pid without an
 * address), so two commands started together can never both open the directory: the second waits
 * for the first one's address and connects to it. A lock left by a dead process is taken over.
 * Returns the running server's URL, or undefined when this process now holds the lock.
 */
async function claimOrJoin(lockPath: string, waitMs: number): Promise<string | undefined> {
  const deadline = Date.now() + waitMs;
  let holder: number | undefined;
  while (Date.now() < deadline) {
    try {
      await writeFile(lockPath, JSON.stringify({ pid: process.pid, url: null }), { flag: 'wx' });
      return undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const lock = await readLock(lockPath);
    if (lock && (lock.pid === process.pid || !isAlive(lock.pid))) {
      await rm(lockPath, { force: true });
      continue;
    }
    if (lock?.url) {
      const { hostname, port } = new URL(lock.url);
      if (await answers(hostname, Number(port))) return lock.url;
    }
    holder = lock?.pid;
    await sleep(CLAIM_POLL_MS);
  }
  throw new Error(
    `The embedded database in ${path.dirname(lockPath)} is held by process ${holder ?? '?'}, which has not started serving it within ${waitMs / 1000} s. ` +
      `If no Pinchpoint process is running, delete ${lockPath} and try again.`,
  );
}

/** The lock file's content, or undefined while it is being written or is unreadable. */
async function readLock(lockPath: string): Promise<{ pid: number; url: string | null } | undefined> {
  try {
    const lock = JSON.parse(await readFile(lockPath, 'utf8')) as { pid?: unknown; url?: unknown };
    return typeof lock.pid === 'number' ? { pid: lock.pid, url: typeof lock.url === 'string' ? lock.url : null } : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function answers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}
