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
  if (error instanceof AppError) {
    console.error(`Error: ${error.message}`);
    if (Array.isArray(error.details)) for (const detail of error.details) console.error(`  - ${String(detail)}`);
    process.exitCode = error.code === 'INVALID_INPUT' ? 65 : 1;
    return;
  }
  console.error(error);
  process.exitCode = 1;
}
