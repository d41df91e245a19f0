import type { Server } from 'node:http';
import { createApp } from './app.ts';
import { bootstrap } from './bootstrap.ts';
import type { Config, ProcessRole } from './config.ts';
import { countActiveTokens } from './auth/tokenService.ts';
import { announceFirstAdminLink } from './web/firstAdmin.ts';
import { allJobs } from './jobs/all.ts';
import { createScheduler } from './jobs/scheduler.ts';
import type { Logger } from './log.ts';

export interface RunningService {
  readonly url: string | undefined;
  shutdown(reason: string): Promise<void>;
}

/**
 * Starts the web server and/or the job worker on one database. Shutdown stops taking requests,
 * lets running jobs finish (up to SHUTDOWN_TIMEOUT_MS), then closes the pool and PGlite cleanly.
 */
export async function startService(config: Config, log: Logger, role: ProcessRole): Promise<RunningService> {
  const { ctx, database } = await bootstrap(config, log);
  const scheduler = createScheduler(ctx, allJobs);
  let server: Server | undefined;
  let url: string | undefined;

  if (role !== 'web') await scheduler.start();
  if (role !== 'worker') {
    const app = createApp(ctx);
    server = await new Promise<Server>((resolve, reject) => {
      const listening = app.listen(config.PORT, config.HOST, () => resolve(listening));
      listening.once('error', reject);
    });
    const address = server.address();
    url = typeof address === 'object' && address ? `http://${config.HOST}:${address.port}` : undefined;
    if ((await countActiveTokens(ctx.pool)) === 0) {
      log.warn({ module: 'auth' }, 'No API tokens yet. Create one with: npx pinchpoint token create --name admin --role admin');
    }
    await announceFirstAdminLink(ctx, log);
    // The last line of start-up: what it has to say about tokens and the first admin comes before it.
    log.info({ module: 'web', url, database: database.kind, role }, 'Pinchpoint is listening');
  }

  let closing: Promise<void> | undefined;
  const shutdown = (reason: string) => {
    closing ??= (async () => {
      log.info({ reason }, 'shutting down');
      if (server) {
        const closed = new Promise<void>((resolve) => server!.close(() => resolve()));
        server.closeIdleConnections();
        const timer = setTimeout(() => server!.closeAllConnections(), config.SHUTDOWN_TIMEOUT_MS);
        await closed;
        clearTimeout(timer);
      }
      await scheduler.stop(config.SHUTDOWN_TIMEOUT_MS);
      await database.close();
      log.info('stopped');
    })();
    return closing;
  };
  return { url, shutdown };
}
