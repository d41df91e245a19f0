import { z } from 'zod';
import { isKnownCountry } from './detection/holidays.ts';
import { cronProblem } from './notify/cron.ts';
import { isDirectory, isHttpUrl } from './notify/configChecks.ts';

const roles = ['web', 'worker', 'all'] as const;

/** Treats an empty environment variable as unset, so `FOO=` in a .env file means "use the default". */
const optional = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const envSchema = z.object({
  PORT: optional(z.coerce.number().int().min(0).max(65535)).default(3000),
  HOST: optional(z.string()).default('127.0.0.1'),
  DATABASE_URL: optional(
    z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL'),
  ),
  DATA_DIR: optional(z.string()).default('./data'),
  PGLITE_MAX_CONNECTIONS: optional(z.coerce.number().int().min(1).max(32)).default(4),
  DB_POOL_SIZE: optional(z.coerce.number().int().min(1).max(200)).default(10),
  TZ_NAME: optional(z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Oslo')).default(
    'Europe/Oslo',
  ),
  HOLIDAY_COUNTRY: optional(
    z.string().trim().toUpperCase().refine(isKnownCountry, 'must be a country code with a holiday calendar, such as NO, SE or DK'),
  ).default('NO'),
  LOG_LEVEL: optional(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])).default('info'),
  ROLE: optional(z.enum(roles)).default('all'),
  JOBS_PROCESS_EVERY_MS: optional(z.coerce.number().int().min(50).max(600_000)).default(5000),
  HEARTBEAT_EVERY_SECONDS: optional(z.coerce.number().int().min(1).max(86_400)).default(60),
  DETECTION_EVERY_MINUTES: optional(z.coerce.number().int().min(1).max(1440)).default(5),
  BODY_LIMIT: optional(z.string().regex(/^\d+(b|kb|mb)$/i, 'must look like 20mb')).default('20mb'),
  CSV_IMPORT_LIMIT_MB: optional(z.coerce.number().int().min(1).max(10_000)).default(200),
  /** Fewest survey answers an NPS or CES figure is shown for; below it the figure says so. */
  SURVEY_MIN_SAMPLE: optional(z.coerce.number().int().min(1).max(100_000)).default(30),
  SHUTDOWN_TIMEOUT_MS: optional(z.coerce.number().int().min(100).max(600_000)).default(15_000),
  SMTP_URL: optional(z.string().regex(/^smtps?:\/\/\S+$/, 'must be an smtp:// or smtps:// URL')),
  NOTIFY_FROM: optional(z.string().trim().min(3).max(320)).default('Pinchpoint <pinchpoint@localhost>'),
  PUBLIC_BASE_URL: optional(z.string().refine(isHttpUrl, 'must be an http:// or https:// URL').transform((url) => url.replace(/\/+$/, ''))).default(
    'http://localhost:3000',
  ),
  DIGEST_CRON: optional(
    z.string().superRefine((value, check) => {
      const problem = cronProblem(value);
      if (problem) check.addIssue({ code: 'custom', message: problem });
    }),
  ).default('0 8 * * 1,4'),
  NOTIFY_SCAN_SECONDS: optional(z.coerce.number().int().min(1).max(86_400)).default(60),
  NOTIFY_GROWTH_FACTOR: optional(z.coerce.number().gt(1, 'must be more than 1').max(100)).default(1.5),
  NOTIFY_MAX_ATTEMPTS: optional(z.coerce.number().int().min(1).max(50)).default(6),
  NOTIFY_TEMPLATES_DIR: optional(z.string().refine(isDirectory, 'must be an existing directory')),
  TRACKER_TEMPLATES_DIR: optional(z.string().refine(isDirectory, 'must be an existing directory')),
  RECONCILE_MINUTES: optional(z.coerce.number().int().min(1).max(1440)).default(15),
  TRACKER_OUTBOX_SECONDS: optional(z.coerce.number().int().min(1).max(3600)).default(30),
  TRACKER_MAX_ATTEMPTS: optional(z.coerce.number().int().min(1).max(50)).default(8),
  TRACKER_TIMEOUT_MS: optional(z.coerce.number().int().min(100).max(120_000)).default(15_000),
  /** How often each active Zendesk connector reads its incremental export. */
  ZENDESK_SYNC_MINUTES: optional(z.coerce.number().int().min(1).max(1440)).default(5),
  /** A fixed note on a Zendesk ticket is an internal note unless this is true (then the customer gets it as a public reply). */
  ZENDESK_PUBLIC_REPLY: optional(z.enum(['true', 'false'], { message: 'must be true or false' }).transform((v) => v === 'true')).default(false),
  /** How often tickets behind published fixed notes are tagged in the help desk. */
  FIXES_OUTBOX_SECONDS: optional(z.coerce.number().int().min(1).max(3600)).default(30),
  /** Attempts to tag one ticket before it shows `failed`. */
  FIXES_MAX_ATTEMPTS: optional(z.coerce.number().int().min(1).max(50)).default(8),
  /** Days after the fix day at which each follow-up measures, e.g. 7,14,30; a case may plan its own. */
  FOLLOWUP_OFFSETS_DAYS: optional(
    z
      .string()
      .regex(/^\s*\d{1,3}(\s*,\s*\d{1,3})*\s*$/, 'must be a comma-separated list of whole days, such as 7,14,30')
      .transform((value) => [...new Set(value.split(',').map(Number))].sort((a, b) => a - b))
      .refine((days) => days.length <= 10 && days.every((d) => d >= 1 && d <= 365), 'must be at most 10 offsets from 1 to 365 days'),
  ).default([7, 14, 30]),
  NODE_ENV: optional(z.string()),
  /** Secure session and CSRF cookies; unset: on, unless NODE_ENV is development/test or PUBLIC_BASE_URL is http://localhost. */
  COOKIE_SECURE: optional(z.enum(['true', 'false'], { message: 'must be true or false' }).transform((v) => v === 'true')),
  /** Signs session cookies and CSRF tokens; unset: a random secret kept in the database, shared by every web process. */
  SESSION_SECRET: optional(z.string().min(32, 'must be at least 32 characters')),
  SESSION_IDLE_HOURS: optional(z.coerce.number().min(0.1).max(24 * 90)).default(12),
  SETUP_LINK_HOURS: optional(z.coerce.number().min(0.1).max(24 * 30)).default(72),
});

export type Config = Readonly<z.infer<typeof envSchema>>;
export type ProcessRole = (typeof roles)[number];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Parses the environment once; the error names every bad variable and why. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message} (got ${JSON.stringify(env[String(issue.path[0])])})`),
    );
  }
  return Object.freeze(parsed.data);
}

/** Reads ./.env when there is one (variables already set in the environment win). */
export function loadDotEnv(): void {
  try {
    process.loadEnvFile();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
