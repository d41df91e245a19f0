import type express from 'express';
import supertest from 'supertest';
import { createApp } from '../../src/app.ts';
import type { Role } from '../../src/auth/roles.ts';
import { createToken } from '../../src/auth/tokenService.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import type { AppContext } from '../../src/context.ts';
import { createLogger } from '../../src/log.ts';
import { createUser } from '../../src/users/service.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

export interface TestApp {
  readonly ctx: AppContext;
  readonly app: express.Express;
  readonly db: TestDatabase;
  /** A bearer token per role, made through the real token service. */
  readonly tokens: Record<Role, string>;
  /** supertest agent with the role's token already set. */
  as(role: Role): { get: (url: string) => supertest.Test; post: (url: string) => supertest.Test; patch: (url: string) => supertest.Test; delete: (url: string) => supertest.Test };
  /** Adds a person with a token of their own; `as` acts with that token. */
  addUser(input: { email: string; name: string; role: 'agent' | 'analyst' | 'leader' | 'admin' }): Promise<{ id: number; token: string; as: ReturnType<TestApp['as']> }>;
  /** Moves the app's clock; everything that reads "now" follows. */
  setNow(instant: Date | string): void;
  close(): Promise<void>;
}

/** The real app on a fresh database, with a settable clock. */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const config: Config = loadConfig({ TZ_NAME: 'Europe/Oslo', LOG_LEVEL: 'silent', ...env });
  let now = new Date('2026-11-23T12:00:00Z');
  const ctx: AppContext = { config, pool: db.pool, dbKind: db.kind, log: createLogger('silent'), now: () => now };
  const app = createApp(ctx);
  const tokens = {} as Record<Role, string>;
  for (const role of ['agent', 'analyst', 'leader', 'admin', 'ingest'] as const) {
    tokens[role] = (await createToken(db.pool, { name: `test ${role}`, role })).token;
  }
  const agent = supertest(app);
  const withToken = (token: string) => ({
    get: (url: string) => agent.get(url).set('Authorization', `Bearer ${token}`),
    post: (url: string) => agent.post(url).set('Authorization', `Bearer ${token}`),
    patch: (url: string) => agent.patch(url).set('Authorization', `Bearer ${token}`),
    delete: (url: string) => agent.delete(url).set('Authorization', `Bearer ${token}`),
  });
  return {
    ctx,
    app,
    db,
    tokens,
    as: (role) => withToken(tokens[role]),
    addUser: async (input) => {
      const user = await createUser(db.pool, input);
      const { token } = await createToken(db.pool, { name: input.name, role: input.role, userId: user.id });
      return { id: user.id, token, as: withToken(token) };
    },
    setNow: (instant) => {
      now = new Date(instant);
    },
    close: () => db.close(),
  };
}

/** Seeds a small taxonomy through the API the way an admin would. */
export async function seedTaxonomy(t: TestApp): Promise<void> {
  await t
    .as('admin')
    .post('/api/v1/taxonomy')
    .send({
      markets: [
        { key: 'torget', name: 'Torget' },
        { key: 'bil', name: 'Bil' },
      ],
      topics: [
        { key: 'payment', name: 'Payment' },
        { key: 'sms-payment', name: 'SMS payment', parent: 'payment' },
        { key: 'card-payment', name: 'Card payment', parent: 'payment' },
        { key: 'image-upload', name: 'Image upload' },
        { key: 'login', name: 'Login' },
      ],
    })
    .expect(200);
}
