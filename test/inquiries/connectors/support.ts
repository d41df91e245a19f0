import assert from 'node:assert/strict';
import { getConnectorByName } from '../../../src/inquiries/connectors/repo.ts';
import { syncZendesk, type SyncRun } from '../../../src/inquiries/connectors/zendesk/sync.ts';
import { rollupMismatches } from '../../../src/inquiries/service.ts';
import { createTestApp, seedTaxonomy, type TestApp } from '../../support/app.ts';
import { startFakeZendesk, type FakeZendesk } from '../../support/fakeZendesk.ts';

/** Secrets the connectors name; set in the process environment, where the app reads them. */
export const SECRETS = {
  PP_TEST_ZD_EMAIL: 'sync@finn.example',
  PP_TEST_ZD_TOKEN: 'zd-api-token',
  PP_TEST_ZD_HOOK: 'zd-current-secret',
  PP_TEST_ZD_HOOK_OLD: 'zd-previous-secret',
  PP_TEST_HOOK: 'hook-current-secret',
  PP_TEST_HOOK_OLD: 'hook-previous-secret',
};
Object.assign(process.env, SECRETS);

/** The Zendesk drop-down custom field agents set the topic with. */
export const TOPIC_FIELD = 360_001;
export const CONNECTOR = 'finn-support';
export const SOURCE = `zendesk:${CONNECTOR}`;

export interface ZendeskWorld {
  t: TestApp;
  zendesk: FakeZendesk;
  close(): Promise<void>;
}

export const zendeskConnector = (baseUrl: string) => ({
  name: CONNECTOR,
  kind: 'zendesk',
  baseUrl,
  emailEnv: 'PP_TEST_ZD_EMAIL',
  tokenEnv: 'PP_TEST_ZD_TOKEN',
  webhookSecretEnv: 'PP_TEST_ZD_HOOK',
  previousWebhookSecretEnv: 'PP_TEST_ZD_HOOK_OLD',
  pageSize: 3,
  startFrom: '2026-11-01T00:00:00Z',
  defaultMarket: 'torget',
});

/** The app and a fake Zendesk, with a connector whose topic comes from a custom field and market from a tag. */
export async function createZendeskWorld(options: { rules?: boolean } = {}): Promise<ZendeskWorld> {
  const t = await createTestApp();
  await seedTaxonomy(t);
  const zendesk = await startFakeZendesk({ email: SECRETS.PP_TEST_ZD_EMAIL, token: SECRETS.PP_TEST_ZD_TOKEN });
  await t.as('admin').post('/api/v1/connectors').send(zendeskConnector(zendesk.url)).expect(201);
  if (options.rules ?? true) {
    for (const rule of [
      { match: { field: `custom_field:${TOPIC_FIELD}`, equals: 'sms_payment' }, topic: 'sms-payment' },
      { match: { field: `custom_field:${TOPIC_FIELD}`, equals: 'image_upload' }, topic: 'image-upload' },
      { match: { field: 'tag', equals: 'bil' }, market: 'bil' },
    ]) {
      await t.as('admin').post(`/api/v1/connectors/${CONNECTOR}/rules`).send(rule).expect(201);
    }
  }
  return {
    t,
    zendesk,
    close: async () => {
      await zendesk.close();
      await t.close();
    },
  };
}

/** One sync run of the connector, as the job runs it. */
export async function sync(world: ZendeskWorld): Promise<SyncRun> {
  const connector = await getConnectorByName(world.t.db.pool, CONNECTOR);
  return syncZendesk(world.t.ctx, connector!, world.t.ctx.now());
}

export interface StoredInquiry {
  externalId: string;
  topic: string;
  market: string;
  channel: string;
  note: string | null;
  receivedAt: string;
}

/** The feed's inquiries by ticket id, read straight from the database. */
export async function inquiriesOf(t: TestApp, source = SOURCE): Promise<StoredInquiry[]> {
  const result = await t.db.pool.query<StoredInquiry>(
    `SELECT i.external_id AS "externalId", tp.key AS topic, m.key AS market, i.channel, i.note, to_char(i.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "receivedAt"
     FROM inquiries i JOIN topics tp ON tp.id = i.topic_id JOIN markets m ON m.id = i.market_id
     WHERE i.source = $1 ORDER BY i.external_id`,
    [source],
  );
  return result.rows;
}

export async function assertRollupConsistent(t: TestApp): Promise<void> {
  assert.deepEqual(await rollupMismatches(t.db.pool), [], 'daily counts equal a count of the raw inquiries');
}

export async function cursorOf(t: TestApp): Promise<string | null> {
  return (await getConnectorByName(t.db.pool, CONNECTOR))!.cursor;
}
