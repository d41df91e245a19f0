import { caseInProgress, createCaseWorld, logDaily, runFollowup, series, type CaseWorld, type DailyRow } from '../followups/support.ts';

/**
 * A small history for the portfolio report over October 2026 (the period) and September (the
 * previous period of 31 days, 31 Aug – 30 Sep). Every figure the tests expect is counted by hand
 * from these rows and moves:
 *
 * - PP-1 Payment (Torget): opened 1 Sep, dropped 15 Oct.
 * - PP-2 SMS payment (Torget): in progress since 20 Sep; fix shipped 1 Oct (+7 d follow-up only);
 *   the follow-up of 8 Oct (10 a day before, 2 after) resolves it on 9 Oct.
 * - PP-3 Login (Bil): opened 3 Oct, refining.
 * - PP-4 Card payment (every market): opened 5 Oct, shipped, verifying and resolved by hand on
 *   12 Oct with no measurement, reopened 20 Oct.
 * - PP-5 Image upload (Torget): opened 5 Nov, after the period.
 */
export async function portfolioWorld(): Promise<CaseWorld & { keys: Record<'sms' | 'card' | 'login' | 'payment' | 'image', string> }> {
  const w = await createCaseWorld();
  const { t, ux } = w;
  t.setNow('2026-11-23T12:00:00Z');
  const october = (topic: string, market: string, count: number) => series('2026-10-01', topic, market, Array(31).fill(count));
  const rows: DailyRow[] = [
    ...series('2026-09-17', 'sms-payment', 'torget', Array(14).fill(10)),
    { day: '2026-10-01', topic: 'sms-payment', market: 'torget', count: 5 },
    ...series('2026-10-02', 'sms-payment', 'torget', Array(7).fill(2)),
    ...series('2026-10-09', 'sms-payment', 'torget', Array(23).fill(1)),
    ...october('card-payment', 'bil', 3),
    ...october('login', 'bil', 2),
    ...october('login', 'torget', 1),
    ...series('2026-09-01', 'login', 'torget', Array(30).fill(1)),
    ...october('image-upload', 'torget', 4),
    ...series('2026-10-01', 'payment', 'torget', Array(10).fill(1)),
  ];
  await logDaily(t, rows);

  const at = (instant: string) => t.setNow(instant);
  const move = async (key: string, statuses: string[], reason?: string) => {
    for (const status of statuses) await ux.as.post(`/api/v1/cases/${key}/status`).send({ status, ...(reason ? { reason } : {}) }).expect(200);
  };

  at('2026-09-01T09:00:00Z');
  const payment = (await ux.as.post('/api/v1/cases').send({ title: 'Payment in general', topics: ['payment'], markets: ['torget'] }).expect(201)).body.key as string;

  at('2026-09-20T10:00:00Z');
  const sms = await caseInProgress(w, { title: 'SMS payment hangs', topics: ['sms-payment'], markets: ['torget'] });
  at('2026-10-01T12:00:00Z');
  await ux.as.post(`/api/v1/cases/${sms.key}/fix-shipped`).send({ shippedAt: '2026-10-01T10:00:00+02:00', offsetsDays: [7] }).expect(200);
  at('2026-10-09T01:00:00Z');
  await runFollowup(t, { caseId: sms.id, offsetDays: 7, asOfDay: '2026-10-08' });

  at('2026-10-03T09:00:00Z');
  const login = (await ux.as.post('/api/v1/cases').send({ title: 'Login loops', topics: ['login'], markets: ['bil'], ownerId: ux.id }).expect(201)).body.key as string;
  await move(login, ['refining']);

  at('2026-10-05T09:00:00Z');
  const card = await caseInProgress(w, { title: 'Card payment declined', topics: ['card-payment'] });
  at('2026-10-12T09:00:00Z');
  await move(card.key, ['fix_shipped', 'verifying', 'resolved']);
  at('2026-10-20T09:00:00Z');
  await move(card.key, ['reopened']);

  at('2026-10-15T09:00:00Z');
  await move(payment, ['dropped'], 'Too broad; split into SMS and card');

  at('2026-11-05T09:00:00Z');
  const image = (await ux.as.post('/api/v1/cases').send({ title: 'Image upload fails', topics: ['image-upload'], markets: ['torget'] }).expect(201)).body.key as string;

  t.setNow('2026-11-23T12:00:00Z');
  return { ...w, keys: { sms: sms.key, card: card.key, login, payment, image } };
}
