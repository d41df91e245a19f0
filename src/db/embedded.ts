import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
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
}): Promise<EmbeddedServer> {
  const inMemory = options.dataDir === 'memory://';
  const pgliteDir = inMemory ? undefined : path.resolve(options.dataDir, 'pglite');
  const lockPath = pgliteDir ? `${pgliteDir}.lock.json` : undefined;
  if (lockPath) {
    const running = await runningServer(lockPath);
    if (running) return { url: running.url, owned: false, stop: async () => undefined };
    await mkdir(pgliteDir!, { recursive: true });
  }

  const pglite = await PGlite.create({
    ...(pgliteDir ? { dataDir: pgliteDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  const server = new PGLiteSocketServer({ db: pglite, host: '127.0.0.1', port: 0, maxConnections: options.maxConnections + GUEST_CONNECTIONS });
  // One PGlite session serves every connection: keep each one's protocol cycle whole (see pgliteQueue.ts).
  serializeProtocolCycles(server);
  await server.start();
  const url = `postgres://postgres@${server.getServerConn()}/postgres`;
  if (lockPath) await writeFile(lockPath, JSON.stringify({ pid: process.pid, url } satisfies LockFile));
  return {
    url,
    owned: true,
    dump: () => pglite.dumpDataDir('none'),
    stop: async () => {
      await server.stop();
      await pglite.close();
      if (lockPath) await rm(lockPath, { force: true });
    },
  };
}

/** The server recorded in the lock file, if its process is alive and its port answers. */
async function runningServer(lockPath: string): Promise<LockFile | undefined> {
  let lock: LockFile;
  try {
    lock = JSON.parse(await readFile(lockPath, 'utf8')) as LockFile;
  } catch {
    return undefined;
  }
  if (lock.pid === process.pid || !isAlive(lock.pid)) return undefined;
  const { hostname, port } = new URL(lock.url);
  return (await answers(hostname, Number(port))) ? lock : undefined;
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
