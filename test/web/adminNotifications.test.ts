import assert from 'node:assert/strict';
import { deliverDue, queueSpikeNotices } from '../../src/notify/service.ts';
import { startWebhookReceiver } from '../notify/fakes.ts';
import { insertSpike } from '../notify/support.ts';
import { createTestApp, seedTaxonomy, type TestApp } from '../support/app.ts';
import { assertAccessible } from './a11y.ts';
import { addPerson, csrfOf, html, signIn, type Browser } from './support.ts';

type ApiTarget = { id: number; name: string; kind: string; address: string; topic: string | null; market: string | null; spikes: boolean; digest: boolean; active: boolean };
type ApiDelivery = { id: number; status: string; attempts: number; lastError: string | null };

describe('admin pages: notifications', function () {
  this.timeout(60_000);
  let t: TestApp;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let admin: Browser;
  let analyst: Browser;
  let hookId: number;

  const targets = async (): Promise<ApiTarget[]> => (await t.as('admin').get('/api/v1/notification-targets').expect(200)).body.targets;
  const deliveries = async (query = ''): Promise<ApiDelivery[]> => (await t.as('admin').get(`/api/v1/notification-deliveries${query}`).expect(200)).body.deliveries;
  const postForm = async (pageUrl: string, action: string, fields: Record<string, string>, status: number) => {
    const page = await admin.get(pageUrl).expect(200);
    return admin.post(action).type('form').send({ _csrf: csrfOf(page.text), ...fields }).expect(status);
  };

  before(async () => {
    receiver = await startWebhookReceiver();
    t = await createTestApp();
    await seedTaxonomy(t);
    await addPerson(t, { email: 'admin@example.com', role: 'admin' });
    await addPerson(t, { email: 'ux@example.com', role: 'analyst' });
    admin = await signIn(t, 'admin@example.com');
    analyst = await signIn(t, 'ux@example.com');
  });
  after(async () => {
    assert.deepEqual(receiver.unexpected, [], 'the webhook receiver got only what it expected');
    await t.close();
    await receiver.close();
  });

  it('adds a webhook target through the form; afterwards the URL is shown only masked', async () => {
    const blank = await admin.get('/admin/notifications').expect(200);
    assertAccessible(blank.text, 'notifications page');
    await admin.post('/admin/notifications').type('form').send({ _csrf: csrfOf(blank.text), name: 'Payments team', kind: 'slack', address: receiver.url, topic: 'payment', market: 'torget', spikes: 'on' }).expect(303);
    const [stored] = await targets();
    hookId = stored!.id;
    assert.deepEqual({ ...stored, id: 0 }, { ...stored, id: 0, name: 'Payments team', kind: 'slack', topic: 'payment', market: 'torget', spikes: true, digest: false, active: true });
    const page = await admin.get('/admin/notifications').expect(200);
    assert.ok(!page.text.includes('s3cr3tw3bh00k'), 'the secret part of the URL is never shown');
    const $ = html(page.text);
    assert.equal($('.flash-success').text(), 'The target Payments team is added.');
    const row = $(`#target-list tr[data-id="${hookId}"]`);
    assert.equal(row.find('code').text(), stored!.address);
    assert.equal(row.find('td').eq(2).text(), 'Payment · Torget', 'the scope by name');
    assert.equal(row.find('td').eq(3).text(), 'Spike messages');
  });

  it('lists the targets the API lists', async () => {
    await postForm('/admin/notifications', '/admin/notifications', { name: 'Leaders', kind: 'email', address: 'leaders@example.no', topic: '', market: '', spikes: 'on', digest: 'on' }, 303);
    const $ = html((await admin.get('/admin/notifications').expect(200)).text);
    const rows = $('#target-list tbody tr').map((_, tr) => [[Number($(tr).attr('data-id')), $(tr).find('th').text(), $(tr).find('code').text()]]).get();
    assert.deepEqual(rows, (await targets()).map((x) => [x.id, x.name, x.address]));
  });

  it('names bad input next to its field and keeps it', async () => {
    const before = (await targets()).length;
    const badUrl = await postForm('/admin/notifications', '/admin/notifications', { name: 'Ops', kind: 'slack', address: 'hooks.slack.com/services/x', topic: 'login', market: '', spikes: 'on' }, 400);
    let $ = html(badUrl.text);
    assert.equal($('#address-error').text(), "Enter the webhook's web address, starting with https:// or http://.");
    assert.equal($('#address').val(), 'hooks.slack.com/services/x');
    assert.equal($('#topic').val(), 'login');
    assert.equal($('input[name="digest"]').attr('checked'), undefined, 'an unticked box stays unticked');
    assertAccessible(badUrl.text, 'notifications page with an error');
    const badMail = await postForm('/admin/notifications', '/admin/notifications', { name: '', kind: 'email', address: 'not-an-address', topic: '', market: '' }, 400);
    $ = html(badMail.text);
    assert.equal($('#name-error').text(), 'Fill this in.');
    assert.equal($('#address-error').text(), 'Enter an e-mail address, such as name@example.com.');
    const badTopic = await postForm('/admin/notifications', '/admin/notifications', { name: 'X', kind: 'email', address: 'x@example.no', topic: 'mars', market: '' }, 400);
    assert.equal(html(badTopic.text)('#topic-error').text(), 'Choose a topic from the list.');
    assert.equal((await targets()).length, before);
  });

  it('edits a target, keeping the secret URL unless a new one is typed', async () => {
    const page = await admin.get(`/admin/notifications/${hookId}`).expect(200);
    assertAccessible(page.text, 'target edit page');
    assert.equal(html(page.text)('#address').val(), '', 'the stored URL is not put back into the page');
    await admin.post(`/admin/notifications/${hookId}`).type('form').send({ _csrf: csrfOf(page.text), name: 'Payments', kind: 'slack', address: '', topic: 'payment', market: '', spikes: 'on', digest: 'on' }).expect(303);
    const stored = (await targets()).find((x) => x.id === hookId)!;
    assert.deepEqual([stored.name, stored.market, stored.digest], ['Payments', null, true]);
    assert.match(stored.address, /…h00k$/, 'the URL was kept');
    const toEmail = await admin.post(`/admin/notifications/${hookId}`).type('form').send({ _csrf: csrfOf(page.text), name: 'Payments', kind: 'email', address: '', topic: '', market: '', spikes: 'on' }).expect(400);
    assert.equal(html(toEmail.text)('#address-error').text(), 'Fill this in.', 'a new kind needs a new address');
    await admin.get('/admin/notifications/999').set('Accept', 'text/html').expect(404);
  });

  it('sends a test message and says whether it went through', async () => {
    await postForm('/admin/notifications', `/admin/notifications/${hookId}/test`, {}, 303);
    assert.equal(receiver.calls.length, 1);
    assert.match(receiver.calls[0]!.body.text, /test/i);
    let $ = html((await admin.get('/admin/notifications').expect(200)).text);
    assert.equal($('.flash-success').text(), 'A test message went to Payments.');
    receiver.answerNext({ status: 404, body: 'no_service' });
    await postForm('/admin/notifications', `/admin/notifications/${hookId}/test`, {}, 303);
    const { body } = await t.as('admin').post(`/api/v1/notification-targets/${hookId}/test`).expect(200);
    assert.equal(body.ok, true, 'the next one goes through again');
    $ = html((await admin.get('/admin/notifications').expect(200)).text);
    assert.equal($('.flash-error').text(), 'The test message to Payments failed: webhook answered 404: no_service');
  });

  it('shows recent deliveries as the API does, and retries a failed one', async () => {
    await insertSpike(t, { topic: 'sms-payment', day: '2026-11-23', peak: 14 });
    await queueSpikeNotices(t.ctx, t.ctx.now());
    receiver.answerNext({ status: 410, body: 'gone' });
    // The e-mail target fails too: there is no SMTP_URL.
    assert.deepEqual(await deliverDue(t.ctx, t.ctx.now()), { sent: 0, retrying: 0, failed: 2 });
    const [failed] = await deliveries(`?status=failed&targetId=${hookId}`);
    const page = await admin.get('/admin/notifications').expect(200);
    assertAccessible(page.text, 'notifications page with deliveries');
    let $ = html(page.text);
    const shown = $('#delivery-list tbody tr').map((_, tr) => [[Number($(tr).attr('data-id')), $(tr).attr('data-status')]]).get();
    assert.deepEqual(shown, (await deliveries('?limit=50')).map((d) => [d.id, d.status]));
    const row = $(`#delivery-list tr[data-id="${failed!.id}"]`);
    assert.equal(row.find('td').eq(4).text(), 'webhook answered 410: gone');
    assert.deepEqual(
      $('#delivery-list form[action$="/retry"]').map((_, f) => Number(/deliveries\/(\d+)/.exec($(f).attr('action')!)![1])).get(),
      (await deliveries('?status=failed')).map((d) => d.id),
      'only failed deliveries can be retried',
    );
    const filtered = html((await admin.get('/admin/notifications?status=sent').expect(200)).text);
    assert.equal(filtered('#delivery-list tbody tr').length, 0);

    await admin.post(`/admin/notifications/deliveries/${failed!.id}/retry`).type('form').send({ _csrf: csrfOf(page.text) }).expect(303);
    assert.equal((await deliveries()).find((d) => d.id === failed!.id)!.status, 'pending');
    $ = html((await admin.get('/admin/notifications').expect(200)).text);
    assert.equal($('.flash-success').text(), `Message ${failed!.id} is queued again.`);
    assert.deepEqual(await deliverDue(t.ctx, t.ctx.now()), { sent: 1, retrying: 0, failed: 0 });
    await admin.post(`/admin/notifications/deliveries/${failed!.id}/retry`).type('form').send({ _csrf: csrfOf(page.text) }).expect(303);
    assert.match(html((await admin.get('/admin/notifications').expect(200)).text)('.flash-error').text(), /was already sent/);
  });

  it('deactivates and activates a target', async () => {
    await postForm('/admin/notifications', `/admin/notifications/${hookId}/active`, { active: 'false' }, 303);
    assert.equal((await targets()).find((x) => x.id === hookId)!.active, false);
    const $ = html((await admin.get('/admin/notifications').expect(200)).text);
    assert.equal($('.flash-success').text(), 'The target Payments is deactivated; what was sent to it stays in the list.');
    assert.equal($(`#target-list tr[data-id="${hookId}"] td`).eq(4).text(), 'Inactive');
    await postForm('/admin/notifications', `/admin/notifications/${hookId}/active`, { active: 'true' }, 303);
    assert.equal((await targets()).find((x) => x.id === hookId)!.active, true);
  });

  it('is for admins only, and refuses a form without its CSRF token', async () => {
    await analyst.get('/admin/notifications').set('Accept', 'text/html').expect(403);
    const page = await analyst.get('/admin').expect(200);
    await analyst.post(`/admin/notifications/${hookId}/test`).type('form').send({ _csrf: csrfOf(page.text) }).expect(403);
    const calls = receiver.calls.length;
    await admin.post(`/admin/notifications/${hookId}/test`).type('form').send({}).expect(403);
    await admin.post('/admin/notifications').type('form').send({ name: 'x', kind: 'email', address: 'x@example.no' }).expect(403);
    assert.equal(receiver.calls.length, calls);
    assert.ok(!(await targets()).some((x) => x.name === 'x'));
  });

  it('speaks Bokmål', async () => {
    const $ = html((await admin.get('/admin/notifications?lang=nb').expect(200)).text);
    assert.equal($('h1').text(), 'Varsler');
    assert.equal($('#deliveries-heading').text(), 'Siste meldinger');
    assert.deepEqual($('#delivery-list .status').map((_, el) => $(el).text()).get().sort(), ['Feilet', 'Sendt']);
    await admin.get('/admin?lang=en').expect(200);
  });
});
