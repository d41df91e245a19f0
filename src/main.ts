import { ConfigError, loadConfig, loadDotEnv, type ProcessRole } from './config.ts';
import { createLogger } from './log.ts';
import { startService } from './server.ts';

/** `npm start [-- --role web|worker|all]`: serve the app and/or run jobs until SIGINT/SIGTERM. */
async function main(): Promise<void> {
  let config;
  try {
    loadDotEnv();
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const roleIndex = process.argv.indexOf('--role');
  const role = (roleIndex > -1 ? process.argv[roleIndex + 1] : config.ROLE) as ProcessRole;
  if (!['web', 'worker', 'all'].includes(role)) {
    console.error(`--role must be web, worker or all (got "${role}")`);
    process.exit(64); // EX_USAGE
  }
  const log = createLogger(config.LOG_LEVEL);
  const starting = startService(config, log, role);
  // Listen for signals before start-up has finished: the server already takes requests while its
  // last start-up queries run, and a SIGTERM then must still shut it down cleanly, not kill it.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      starting
        .then((service) => service.shutdown(signal))
        .then(
          () => process.exit(0),
          (error: unknown) => {
            log.error({ err: error }, 'shutdown failed');
            process.exit(1);
          },
        );
    });
  }
  await starting;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
