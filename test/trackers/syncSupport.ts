import assert from 'node:assert/strict';
import { createTestApp, seedTaxonomy, type TestApp } from '../support/app.ts';
import { startFakeGithub, type FakeGithub } from '../support/fakeGithub.ts';
import { startFakeJira, type FakeJira } from '../support/fakeJira.ts';
import { drainOutbox, type DrainOptions, type OutboxRun } from '../../src/trackers/outbox.ts';

/** Secrets the connections name; set in the process environment, where the app reads them. */
export const SECRETS = {
  PP_TEST_GITHUB_TOKEN: 'ghp_test',
  PP_TEST_GITHUB_HOOK: 'gh-current-secret',
  PP_TEST_GITHUB_HOOK_OLD: 'gh-previous-secret',
  PP_TEST_JIRA_TOKEN: 'jira-token',
  PP_TEST_JIRA_HOOK: 'jira-current-secret',
};
Object.assign(process.env, SECRETS);

export interface SyncWorld {
  t: TestApp;
  github: FakeGithub;
  jira: FakeJira;
  ownerId: number;
  close(): Promise<void>;
}

/** The app with fake GitHub and Jira, and a connection to each ("ads" and "plat"). */
export async function createSyncWorld(env: Record<string, string> = {}): Promise<SyncWorld> {
  const t = await createTestApp({ TRACKER_TIMEOUT_MS: '400', PUBLIC_BASE_URL: 'https://pinchpoint.example', ...env });
  t.setNow('2026-01-05T09:00:00Z');
  await seedTaxonomy(t);
  const owner = await t.addUser({ email: 'kari@example.no', name: 'Kari Nordmann', role: 'analyst' });
  const github = await startFakeGithub();
  const jira = await startFakeJira({ projectKey: 'PLAT', authorization: `Basic ${Buffer.from('sync@example.com:jira-token').toString('base64')}`, accountId: 'sync-account' });
  await t.as('admin').post('/api/v1/tracker-connections').send(githubConnection(github.url)).expect(201);
  await t.as('admin').post('/api/v1/tracker-connections').send(jiraConnection(jira.url)).expect(201);
  return {
    t,
    github,
    jira,
    ownerId: owner.id,
    close: async () => {
      await github.close();
      await jira.close();
      await t.close();
    },
  };
}

export const githubConnection = (baseUrl: string) => ({
  kind: 'github',
  name: 'ads',
  baseUrl,
  owner: 'finn',
  repo: 'ads',
  labels: ['pinchpoint'],
  auth: { type: 'token', tokenEnv: 'PP_TEST_GITHUB_TOKEN' },
  syncAccountLogin: 'pinchpoint-sync',
  webhookSecretEnv: 'PP_TEST_GITHUB_HOOK',
  previousWebhookSecretEnv: 'PP_TEST_GITHUB_HOOK_OLD',
});

export const jiraConnection = (baseUrl: string) => ({
  kind: 'jira',
  name: 'plat',
  baseUrl,
  projectKey: 'PLAT',
  auth: { type: 'basic', email: 'sync@example.com', tokenEnv: 'PP_TEST_JIRA_TOKEN' },
  syncAccountId: 'sync-account',
  webhookSecretEnv: 'PP_TEST_JIRA_HOOK',
});

/** A refined case moved to `ready`, with one action; returns its id and the action's. */
export async function readyCase(world: SyncWorld, title = 'Image upload fails on large photos'): Promise<{ caseId: number; actionId: number }> {
  const { t, ownerId } = world;
  const created = await t
    .as('analyst')
    .post('/api/v1/cases')
    .send({
      title,
      topics: ['image-upload'],
      markets: ['torget'],
      currentState: 'About 30 % of inquiries are about image upload.',
      rootCauses: [{ text: 'Photos over 10 MB are refused without a message', category: 'technical' }],
      desiredState: 'Image upload is no longer a top reason to contact us.',
      target: { metric: 'share', max: 0.05 },
      ownerId,
    })
    .expect(201);
  const caseId = created.body.id as number;
  const action = await t.as('analyst').post(`/api/v1/cases/${caseId}/actions`).send({ title: 'Resize photos in the browser', ownerId }).expect(201);
  await t.as('analyst').post(`/api/v1/cases/${caseId}/status`).send({ status: 'refining' }).expect(200);
  await t.as('analyst').post(`/api/v1/cases/${caseId}/status`).send({ status: 'ready' }).expect(200);
  return { caseId, actionId: action.body.id as number };
}

/** Runs the outbox job's work at the app's current time. */
export function drain(world: SyncWorld, options?: DrainOptions): Promise<OutboxRun> {
  return drainOutbox(world.t.ctx, world.t.ctx.now(), options);
}

export async function links(world: SyncWorld, caseId: number) {
  const res = await world.t.as('leader').get(`/api/v1/cases/${caseId}/tracker-links`).expect(200);
  return res.body.links as Array<{ id: number; remoteKey: string | null; url: string | null; syncState: string; lastError: string | null; remoteState: string | null; remoteStatus: string | null; pendingWrites: number }>;
}

export function advance(world: SyncWorld, ms: number): void {
  world.t.setNow(new Date(world.t.ctx.now().getTime() + ms));
}

export function assertNoViolations(world: SyncWorld): void {
  assert.deepEqual(world.github.violations.splice(0), [], 'every GitHub request matched the REST reference');
  assert.deepEqual(world.jira.violations.splice(0), [], 'every Jira request matched the REST reference');
}
