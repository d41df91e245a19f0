import { CommanderError } from 'commander';
import { bootstrap, type Runtime } from '../bootstrap.ts';
import { ConfigError, loadConfig, loadDotEnv } from '../config.ts';
import { AppError } from '../http/errors.ts';
import { createLogger } from '../log.ts';

/** Runs a command with the database open and migrated, and always closes it. */
export async function withRuntime<T>(work: (runtime: Runtime) => Promise<T>): Promise<T> {
  loadDotEnv();
  const config = loadConfig();
  // Commands talk to people on stdout; only warnings go to the JSON log on stderr.
  const log = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  const runtime = await bootstrap(config, log);
  try {
    return await work(runtime);
  } finally {
    await runtime.database.close();
  }
}

/** Prints a failure the way a person wants to read it and sets a non-zero exit code. */
export function reportFailure(error: unknown): void {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exitCode = 78;
    return;
  }
  if (error instanceof CommanderError) {
    // Commander has printed the message (or the help); only the exit code is ours.
    process.exitCode = error.exitCode === 0 ? 0 : 64; // EX_USAGE
    return;
  }
  if (error instanceof AppError) {
    // The message already holds the details when it lists them ("Invalid token: role: …"); say each once.
    const details = Array.isArray(error.details) ? error.details.map(String).filter((d) => !error.message.includes(d)) : [];
    console.error(`Error: ${error.message}`);
    for (const detail of details) console.error(`  - ${detail}`);
    process.exitCode = error.code === 'INVALID_INPUT' || error.code === 'UNPROCESSABLE' ? 65 : 1;
    return;
  }
  console.error(`Error: ${plainWords(error)}`);
  if (process.env.PINCHPOINT_DEBUG) console.error(error);
  process.exitCode = 1;
}

/** An unexpected failure in a person's words; the stack is for PINCHPOINT_DEBUG=1. */
function plainWords(error: unknown): string {
  const { code, message, address, port, path } = (error ?? {}) as { code?: string; message?: string; address?: string; port?: number; path?: string };
  if (code === 'ECONNREFUSED') return `cannot connect to the database at ${address ?? '?'}:${port ?? '?'} (connection refused); is it running, and is DATABASE_URL right?`;
  if (code === 'ENOTFOUND') return `cannot find the database host (${message ?? code}); check DATABASE_URL`;
  if (code === 'EISDIR') return `${path ? `"${path}"` : 'the path'} is a directory, not a file`;
  if (code === 'ENOENT') return `${path ? `"${path}"` : 'a file'} does not exist`;
  if (code === 'EACCES') return `no permission to read ${path ? `"${path}"` : 'the file'}`;
  if (code === '28P01') return 'the database refused the password in DATABASE_URL';
  return `${message ?? String(error)} (run with PINCHPOINT_DEBUG=1 for details)`;
}
