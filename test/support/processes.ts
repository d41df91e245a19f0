import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from './database.ts';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface ProcessDatabase {
  /** Environment for child processes: a fresh PostgreSQL database, or a fresh PGlite DATA_DIR. */
  readonly env: Record<string, string>;
  readonly dataDir: string;
  close(): Promise<void>;
}

/** A database a child process (the CLI, the server) can open by itself. */
export async function createProcessDatabase(): Promise<ProcessDatabase> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'pinchpoint-test-'));
  let database: TestDatabase | undefined;
  if (process.env.DATABASE_URL) database = await createTestDatabase();
  return {
    env: { DATA_DIR: dataDir, DATABASE_URL: database?.url ?? '', LOG_LEVEL: 'info', TZ_NAME: 'Europe/Oslo' },
    dataDir,
    close: async () => {
      await database?.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `pinchpoint …` the way a user would, through the package's bin script. */
export function runCli(args: string[], env: Record<string, string>, input?: string): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'scripts/pinchpoint.mjs'), ...args], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}
