import assert from 'node:assert/strict';
import { createTestApp, seedTaxonomy, type TestApp } from '../support/app.ts';
import { startFakeGithub, type FakeGithub } from '../support/fakeGithub.ts';
import { startFakeJira, type FakeJira } from '../support/fakeJira.ts';
import { assertAccessible } from './a11y.ts';
import { addPerson, csrfOf, html, signIn, type Browser } from './support.ts';

/** The connections name these variables; the app reads them from the process environment. */
const SECRETS = { PP_ADMIN_JIRA_TOKEN: 'jira-token', PP_ADMIN_GITHUB_TOKEN: 'ghp_test', PP_ADMIN_JIRA_HOOK: 'hook-secret-value' };
Object.assign(process.env, SECRETS);

type ApiConnection = { id: number; name: string; kind: string; active: boolean; team: string | null; market: string | null; config: Record<string, unknown> & { labels: string[]; auth: Record<string, unknown> } };

describe('admin pages: tracker connections', function () {
  this.timeout(60_000);
  let t: TestApp;
  let jira: FakeJira;
  let github: FakeGithub;
  let admin: Browser;
  let analyst: Browser;
  let jiraId: number;

  const api = async (): Promise<ApiConnection[]> => (await t.as('admin').get('/api/v1/tracker-connections').expect(200)).body.connections;
  const jiraForm = (overrides: Record<string, string> = {}) => ({
    name: 'plat',
    baseUrl: jira.url,
    projectKey: 'PLAT',
    issueType: 'Task',
    component: '',
    labels: 'pinchpoint, cs',
    authType: 'basic',
    authEmail: 'sync@example.com',
    tokenEnv: 'PP_ADMIN_JIRA_TOKEN',
    syncAccount: 'sync-account',
    webhookSecretEnv: 'PP_ADMIN_JIRA_HOOK',
    previousWebhookSecretEnv: '',
    assignees: 'kari@example.no = 5b10ac8d82e05b22cc7d4ef5',
    team: 'Platform',
    market: 'torget',
    ...overrides,
  });
  const githubForm = (overrides: Record<string, string> = {}) => ({
    name: 'ads', baseUrl: github.url, owner: 'finn', repo: 'ads', labels: 'pinchpoint', authType: 'token', tokenEnv: 'PP_ADMIN_GITHUB_TOKEN',
    appId: '', privateKeyEnv: '', installationId: '', syncAccount: 'pinchpoint-sync', webhookSecretEnv: '', previousWebhookSecretEnv: '', assignees: '', team: '', market: '',
    ...overrides,
  });
  const postForm = async (pageUrl: string, action: string, fields: Record<string, string>, status: number) => {
    const page = await admin.get(pageUrl).expect(200);
    return admin.post(action).type('form').send({ _csrf: csrfOf(page.text), ...fields }).expect(status);
  };

  before(async () => {
    t = await createTestApp({ TRACKER_TIMEOUT_MS: '2000' });
    await seedTaxonomy(t);
    jira = await startFakeJira({ projectKey: 'PLAT', authorization: `Basic ${Buffer.from('sync@example.com:jira-token').toString('base64')}`, accountId: 'sync-account' });
    github = await startFakeGithub();
    await addPerson(t, { email: 'admin@example.com', role: 'admin' });
    await addPerson(t, { email: 'ux@example.com', role: 'analyst' });
    admin = await signIn(t, 'admin@example.com');
    analyst = await signIn(t, 'ux@example.com');
  });
  after(async () => {
    assert.deepEqual(github.violations, [], 'every GitHub request matched the REST reference');
    assert.deepEqual(jira.violations, [], 'every Jira request matched the REST reference');
    await github.close();
    await jira.close();
    await t.close();
  });

  it('creates a Jira connection through the form, as the API stores it', async () => {
    const blank = await admin.get('/admin/trackers/new/jira').expect(200);
    assertAccessible(blank.text, 'new Jira connection');
    const res = await postForm('/admin/trackers/new/jira', '/admin/trackers/new/jira', jiraForm(), 303);
    jiraId = Number(/\/admin\/trackers\/(\d+)$/.exec(res.headers.location!)![1]);
    const [stored] = await api();
    assert.equal(stored!.id, jiraId);
    assert.deepEqual([stored!.team, stored!.market, stored!.active], ['Platform', 'torget', true]);
    assert.deepEqual(stored!.config.labels, ['pinchpoint', 'cs']);
    assert.deepEqual(stored!.config.auth, { type: 'basic', email: 'sync@example.com', tokenEnv: 'PP_ADMIN_JIRA_TOKEN' });
    assert.deepEqual(stored!.config.assignees, { 'kari@example.no': '5b10ac8d82e05b22cc7d4ef5' });
    const page = await admin.get(res.headers.location!).expect(200);
    assertAccessible(page.text, 'Jira connection page');
    const $ = html(page.text);
    assert.equal($('.flash-success').text(), 'The connection plat is created. Test it to see that the credentials work.');
    assert.equal($('#projectKey').val(), 'PLAT');
    assert.equal($('#tokenEnv').val(), 'PP_ADMIN_JIRA_TOKEN');
  });

  it('names bad settings next to their fields and keeps what was typed', async () => {
    const bad = await postForm('/admin/trackers/new/jira', '/admin/trackers/new/jira', jiraForm({ name: 'plat2', baseUrl: 'jira.example.com', projectKey: 'plat', tokenEnv: 'my secret token', authEmail: 'nobody', assignees: 'just-a-name' }), 400);
    const $ = html(bad.text);
    assert.equal($('#baseUrl-error').text(), 'Enter a web address starting with https:// or http://.');
    assert.equal($('#projectKey-error').text(), 'Use the project key in capitals, such as PLAT.');
    assert.equal($('#tokenEnv-error').text(), 'Use an environment variable name in capitals, such as JIRA_TOKEN_PLATFORM.');
    assert.equal($('#authEmail-error').text(), 'Enter an e-mail address, such as name@example.com.');
    assert.equal($('#assignees-error').text(), 'Write one "e-mail = account" per line.');
    assert.equal($('#baseUrl').val(), 'jira.example.com');
    assert.equal($('#tokenEnv').val(), 'my secret token');
    assertAccessible(bad.text, 'Jira form with errors');

    const empty = await postForm('/admin/trackers/new/github', '/admin/trackers/new/github', githubForm({ name: '', repo: '' }), 400);
    assert.equal(html(empty.text)('#name-error').text(), 'Fill this in.');
    assert.equal(html(empty.text)('#repo-error').text(), 'Fill this in.');
    const taken = await postForm('/admin/trackers/new/github', '/admin/trackers/new/github', githubForm({ name: 'plat' }), 409);
    assert.equal(html(taken.text)('#name-error').text(), 'A connection named "plat" already exists.');
    assert.equal(html(taken.text)('#owner').val(), 'finn');
    assert.equal((await api()).length, 1, 'nothing more was stored');
    await admin.get('/admin/trackers/new/gitlab').set('Accept', 'text/html').expect(404);
  });

  it('tests a connection against Jira and shows what works, as the API reports it', async () => {
    const page = await admin.get(`/admin/trackers/${jiraId}`).expect(200);
    const res = await admin.post(`/admin/trackers/${jiraId}/test`).type('form').send({ _csrf: csrfOf(page.text) }).expect(200);
    assertAccessible(res.text, 'connection test report');
    const { body } = await t.as('admin').post(`/api/v1/tracker-connections/${jiraId}/test`).expect(200);
    assert.equal(body.ready, true);
    const $ = html(res.text);
    assert.equal($('#report-heading').text(), 'The connection works');
    assert.equal($('#report-identity').text(), 'Signed in as Pinchpoint Sync (sync-account).');
    assert.deepEqual($('.report-ok-list li').map((_, li) => $(li).text()).get(), body.ok);
    assert.equal($('.report-missing-list li').length, 0);
    assert.ok(!res.text.includes('jira-token') && !res.text.includes('hook-secret-value'), 'no secret value is ever shown');
  });

  it('tests a GitHub connection whose token variable is not set, and says it is missing', async () => {
    const created = await postForm('/admin/trackers/new/github', '/admin/trackers/new/github', githubForm({ tokenEnv: 'PP_ADMIN_UNSET_TOKEN' }), 303);
    const id = Number(/(\d+)$/.exec(created.headers.location!)![1]);
    const page = await admin.get(`/admin/trackers/${id}`).expect(200);
    const res = await admin.post(`/admin/trackers/${id}/test`).type('form').send({ _csrf: csrfOf(page.text) }).expect(200);
    const $ = html(res.text);
    assert.equal($('#report-heading').text(), 'Something is missing');
    assert.deepEqual($('.report-missing-list li').map((_, li) => $(li).text()).get(), ['tracker connection "ads": environment variable PP_ADMIN_UNSET_TOKEN is not set']);

    await postForm(`/admin/trackers/${id}`, `/admin/trackers/${id}`, githubForm({ tokenEnv: 'PP_ADMIN_GITHUB_TOKEN' }), 303);
    const fixed = await admin.post(`/admin/trackers/${id}/test`).type('form').send({ _csrf: csrfOf(page.text) }).expect(200);
    const { body } = await t.as('admin').post(`/api/v1/tracker-connections/${id}/test`).expect(200);
    assert.equal(body.ready, true, JSON.stringify(body));
    assert.equal(html(fixed.text)('#report-heading').text(), 'The connection works');
    assert.deepEqual(html(fixed.text)('.report-ok-list li').map((_, li) => html(fixed.text)(li).text()).get(), body.ok);
  });

  it('says which Jira permissions are missing beside those that work', async () => {
    const limited = await startFakeJira({ projectKey: 'PLAT', authorization: `Basic ${Buffer.from('sync@example.com:jira-token').toString('base64')}`, accountId: 'sync-account', permissions: { CREATE_ISSUES: false } });
    try {
      const created = await postForm('/admin/trackers/new/jira', '/admin/trackers/new/jira', jiraForm({ name: 'limited', baseUrl: limited.url }), 303);
      const id = Number(/(\d+)$/.exec(created.headers.location!)![1]);
      const page = await admin.get(`/admin/trackers/${id}`).expect(200);
      const res = await admin.post(`/admin/trackers/${id}/test`).type('form').send({ _csrf: csrfOf(page.text) }).expect(200);
      const { body } = await t.as('admin').post(`/api/v1/tracker-connections/${id}/test`).expect(200);
      const $ = html(res.text);
      assert.equal($('#report-heading').text(), 'Something is missing');
      assert.deepEqual($('.report-missing-list li').map((_, li) => $(li).text()).get(), body.missing);
      assert.match(body.missing.join(), /CREATE_ISSUES/);
      assert.deepEqual($('.report-ok-list li').map((_, li) => $(li).text()).get(), body.ok);
      assert.ok(body.ok.length > 0);
      assert.deepEqual(limited.violations, []);
      await postForm(`/admin/trackers/${id}`, `/admin/trackers/${id}/active`, { active: 'false' }, 303);
    } finally {
      await limited.close();
    }
  });

  it('lists the connections the API lists, with credentials only as variable names', async () => {
    const res = await admin.get('/admin/trackers').expect(200);
    assertAccessible(res.text, 'tracker list');
    const $ = html(res.text);
    const rows = $('#tracker-list tbody tr').map((_, tr) => [[Number($(tr).attr('data-id')), $(tr).find('th').text(), $(tr).find('td').first().text()]]).get();
    assert.deepEqual(rows, (await api()).map((c) => [c.id, c.name, c.kind === 'jira' ? 'Jira' : 'GitHub']));
    assert.equal($(`#tracker-list tr[data-id="${jiraId}"] code`).text(), 'sync@example.com · PP_ADMIN_JIRA_TOKEN');
    assert.ok(!res.text.includes('ghp_test') && !res.text.includes('jira-token'));
  });

  it('edits a connection: changed settings are stored, cleared optional ones removed', async () => {
    await postForm(`/admin/trackers/${jiraId}`, `/admin/trackers/${jiraId}`, jiraForm({ labels: 'cs', team: '', market: '', webhookSecretEnv: '', component: 'Web' }), 303);
    const stored = (await api()).find((c) => c.id === jiraId)!;
    assert.deepEqual(stored.config.labels, ['cs']);
    assert.equal(stored.config.component, 'Web');
    assert.equal(stored.config.webhookSecretEnv, undefined);
    assert.deepEqual([stored.team, stored.market], [null, null]);
    const bad = await postForm(`/admin/trackers/${jiraId}`, `/admin/trackers/${jiraId}`, jiraForm({ baseUrl: 'ftp://jira.example.com' }), 400);
    assert.equal(html(bad.text)('#baseUrl-error').text(), 'Enter a web address starting with https:// or http://.');
    assert.equal((await api()).find((c) => c.id === jiraId)!.config.baseUrl, jira.url);
  });

  it('deactivates and activates a connection', async () => {
    await postForm(`/admin/trackers/${jiraId}`, `/admin/trackers/${jiraId}/active`, { active: 'false' }, 303);
    assert.equal((await api()).find((c) => c.id === jiraId)!.active, false);
    const $ = html((await admin.get(`/admin/trackers/${jiraId}`).expect(200)).text);
    assert.equal($('.flash-success').text(), 'The connection plat is deactivated; its links and history stay.');
    assert.equal($('#inactive-note').length, 1);
    await postForm(`/admin/trackers/${jiraId}`, `/admin/trackers/${jiraId}/active`, { active: 'true' }, 303);
    assert.equal((await api()).find((c) => c.id === jiraId)!.active, true);
    await admin.get('/admin/trackers/999').set('Accept', 'text/html').expect(404);
  });

  it('is for admins only, and refuses a form without its CSRF token', async () => {
    await analyst.get('/admin/trackers').set('Accept', 'text/html').expect(403);
    const page = await analyst.get('/admin').expect(200);
    await analyst.post(`/admin/trackers/${jiraId}/test`).type('form').send({ _csrf: csrfOf(page.text) }).expect(403);
    await analyst.post('/admin/trackers/new/jira').type('form').send({ _csrf: csrfOf(page.text), ...jiraForm({ name: 'x' }) }).expect(403);
    await admin.post('/admin/trackers/new/jira').type('form').send(jiraForm({ name: 'no-csrf' })).expect(403);
    assert.ok(!(await api()).some((c) => c.name === 'x' || c.name === 'no-csrf'));
  });

  it('speaks Bokmål', async () => {
    const $ = html((await admin.get(`/admin/trackers/${jiraId}?lang=nb`).expect(200)).text);
    assert.equal($('h1').text(), 'Kobling: plat');
    assert.equal($('button.primary').first().text(), 'Test koblingen');
    await admin.get('/admin?lang=en').expect(200);
  });
});
