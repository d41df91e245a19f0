import assert from 'node:assert/strict';
import { deliverDue } from '../../src/notify/service.ts';
import { createTestApp, seedTaxonomy } from '../support/app.ts';
import { decodeQuotedPrintable, startSmtpReceiver } from '../notify/fakes.ts';
import { caseInProgress, logDaily, runFollowup, series, type CaseWorld } from './support.ts';

describe('follow-ups: the case owner hears the result', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let w: CaseWorld;
  before(async () => {
    smtp = await startSmtpReceiver();
    const t = await createTestApp({ SMTP_URL: smtp.url, NOTIFY_FROM: 'Pinchpoint <alerts@pinchpoint.example.no>', PUBLIC_BASE_URL: 'https://pinchpoint.example.no' });
    await seedTaxonomy(t);
    w = {
      t,
      ux: await t.addUser({ email: 'kari@example.no', name: 'Kari Nordmann', role: 'analyst' }),
      dev: await t.addUser({ email: 'ola@example.no', name: 'Ola Utvikler', role: 'agent' }),
      agent: await t.addUser({ email: 'per@example.no', name: 'Per Kundesenter', role: 'agent' }),
    };
    w.t.setNow('2026-11-20T12:00:00Z');
  });
  after(async () => {
    await w.t.close();
    await smtp.close();
  });

  it('e-mails the owner through the notification deliveries, with the sentence and a link to the report', async () => {
    await logDaily(w.t, [...series('2026-10-18', 'login', 'torget', Array(14).fill(20)), ...series('2026-11-02', 'login', 'torget', Array(7).fill(5))]);
    const login = await caseInProgress(w, { title: 'Login <loops> & "2FA"', topics: ['login'], markets: ['torget'] });
    await w.ux.as.post(`/api/v1/cases/${login.key}/fix-shipped`).send({ shippedAt: '2026-11-01T12:00:00Z', offsetsDays: [7, 14] }).expect(200);
    await runFollowup(w.t, { caseId: login.id, offsetDays: 7, asOfDay: '2026-11-08' });

    const { body } = await w.t.as('admin').get('/api/v1/notification-deliveries').expect(200);
    assert.equal(body.deliveries.length, 1);
    assert.deepEqual([body.deliveries[0].target, body.deliveries[0].caseId, body.deliveries[0].kind], [null, login.id, 'case_followup']);

    assert.deepEqual(await deliverDue(w.t.ctx, w.t.ctx.now()), { sent: 1, retrying: 0, failed: 0 });
    assert.equal(smtp.mails.length, 1);
    const [mail] = smtp.mails;
    assert.deepEqual(mail!.to, ['kari@example.no']);
    const raw = decodeQuotedPrintable(mail!.raw);
    assert.match(raw, /Subject: PP-1 follow-up \+7 days: improved/);
    assert.match(raw, /Login, Torget: 20\.0 → 5\.0 a day \(−75 %/);
    assert.match(raw, /the next follow-up measures as of 2026-11-15/);
    assert.match(raw, /https:\/\/pinchpoint\.example\.no\/reports\/cases\/PP-1/);
    assert.match(raw, /Login &lt;loops&gt; &amp; &quot;2FA&quot;/, 'the HTML part escapes the title');

    // The same follow-up again queues nothing new.
    assert.equal(await runFollowup(w.t, { caseId: login.id, offsetDays: 7, asOfDay: '2026-11-08' }), 'skipped');
    assert.deepEqual(await deliverDue(w.t.ctx, w.t.ctx.now()), { sent: 0, retrying: 0, failed: 0 });
  });
});
