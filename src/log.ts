import { pino, type Logger } from 'pino';

/** One structured JSON logger for the process; modules take children with `{ module }`. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'pinchpoint' }, redact: ['req.headers.authorization', 'req.headers.cookie'] });
}

export type { Logger };
