import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { loadDemoCases } from '../../src/demo/cases.ts';
import { loadDemo } from '../../src/demo/load.ts';
import { runDetection } from '../../src/detection/service.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { addPerson, PASSWORD } from '../web/support.ts';
import { collectProblems, findChromium, launchChromium, screenshot, serve } from './support.ts';

/**
 * The whole job of each kind of user, in a real browser against the app on 127.0.0.1: an agent
 * logs, a leader sees it counted, UX staff take a spike to a case and refine it, and the case
 * report opens. Runs when a Chromium is installed; says so and skips otherwise.
 */
describe('in the browser', function () {
  this.timeout(300_000);
  let t: TestApp;
  let server: Awaited<ReturnType<typeof serve>>;
  let chromium: Browser;
  const problems: string[] = [];
  let caseUrl = '';

  before(async function () {
    const executable = findChromium();
    if (!executable) {
      // CI installs Chromium, so there a missing one is a failure, never a quiet skip.
      if (process.env.CI) throw new Error('No Chromium found, and CI must run the browser tests (apt-get install chromium, or set CHROMIUM_PATH)');
      console.log('    Browser tests skipped: no Chromium found (install Debian\'s chromium, or set CHROMIUM_PATH).');
      this.skip();
    }
    t = await createTestApp({ COOKIE_SECURE: 'false' });
    const now = new Date('2026-11-23T09:00:00Z');
    t.setNow(now);
    await loadDemo(t.db.pool, { lastDay: '2026-11-22', timeZone: 'Europe/Oslo', asOf: now });
    await runDetection(t.db.pool, { from: '2026-10-01', to: '2026-11-02', country: 'NO', now });
    // FINN's two stories as cases: image upload resolved a year ago, so leaders have an impact to read.
    await loadDemoCases(t.ctx, { asOf: now });
    await addPerson(t, { email: 'kari@example.com', name: 'Kari Agent', role: 'agent' });
    await addPerson(t, { email: 'lise@example.com', name: 'Lise Leader', role: 'leader' });
    await addPerson(t, { email: 'una@example.com', name: 'Una Analyst', role: 'analyst' });
    server = await serve(t);
    chromium = await launchChromium(executable!);
  });

  after(async () => {
    await chromium?.close();
    await server?.close();
    await t?.close();
  });

  afterEach(function () {
    const seen = problems.splice(0);
    if (this.currentTest?.state === 'passed') assert.deepEqual(seen, [], 'the browser reported no script errors, failed requests or CSP violations');
  });

  /** A fresh browser profile for one person, signed in through the sign-in form. */
  async function signedIn(email: string): Promise<Page> {
    const context = await chromium.newContext({ baseURL: server.baseUrl, locale: 'en-GB' });
    const page = await context.newPage();
    const seen = collectProblems(page);
    page.on('close', () => problems.push(...seen));
    await page.goto('/');
    assert.match(page.url(), /\/sign-in\?next=/);
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    return page;
  }

  /** A topic's count today, as a leader finds it: the periods count whole days, so through "Today's topics". */
  async function countOnDashboard(page: Page, topic: string): Promise<number> {
    await page.goto('/dashboard?period=7');
    await Promise.all([page.waitForURL(/period=custom/), page.getByRole('link', { name: "Today's topics" }).click()]);
    const cell = page.locator(`table.ranking tbody tr:has(a[href^="/topics/${topic}"]) [data-count]`);
    return (await cell.count()) === 0 ? 0 : Number(await cell.getAttribute('data-count'));
  }

  it('an agent signs in, logs an inquiry in three interactions, and a leader sees it counted', async () => {
    const leader = await signedIn('lise@example.com');
    assert.equal(new URL(leader.url()).pathname, '/dashboard');
    const before = await countOnDashboard(leader, 'sms-payment');

    const agent = await signedIn('kari@example.com');
    assert.equal(new URL(agent.url()).pathname, '/log');
    // 1: the market (remembered after the first time), 2: the topic typed, 3: Enter.
    await agent.getByLabel('Market').selectOption('torget');
    await agent.getByLabel('What was it about?').fill('SMS payment');
    await agent.getByLabel('What was it about?').press('Enter');
    await agent.waitForURL('**/log');
    const today = agent.locator('section.today li');
    assert.equal(await today.count(), 1);
    assert.match(await today.first().innerText(), /SMS payment · Torget/);
    // The market is remembered, so the next one takes two: the topic and Enter.
    assert.equal(await agent.getByLabel('Market').inputValue(), 'torget');
    await screenshot(agent, 'agent-logged-an-inquiry');

    assert.equal(await countOnDashboard(leader, 'sms-payment'), before + 1);
    await screenshot(leader, 'leader-dashboard');
    await agent.close();
    await leader.close();
  });

  it('UX staff open a spike, read its chart and create a case from it', async () => {
    const ux = await signedIn('una@example.com');
    await ux.locator('nav.site-nav').getByRole('link', { name: 'Spikes', exact: true }).click();
    await ux.waitForURL('**/spikes');
    await ux.locator('table tbody tr a', { hasText: 'SMS payment' }).first().click();
    await ux.waitForURL(/\/spikes\/\d+$/);
    assert.equal(await ux.locator('h1').innerText(), 'Spike: SMS payment');
    assert.match((await ux.locator('figure.chart svg[role="img"]').getAttribute('aria-label'))!, /against the expected level and upper bound/);
    await screenshot(ux, 'spike-detail');
    await ux.getByRole('button', { name: 'Create a case' }).click();
    await ux.waitForURL(/\/cases\/\d+$/);
    await ux.locator('.flash', { hasText: /Case .+ created/ }).waitFor();
    caseUrl = new URL(ux.url()).pathname;
    await screenshot(ux, 'case-created-from-spike');
    await ux.close();
  });

  it('UX staff refine the case through the method to ready, and open its report', async () => {
    const ux = await signedIn('una@example.com');
    await ux.goto(caseUrl);
    const status = ux.locator('#case-status');
    const save = async (section: string, fill: () => Promise<void>) => {
      const edit = ux.locator('details.edit', { has: ux.locator('summary', { hasText: section }) });
      await edit.locator('summary').click();
      await fill();
      await edit.getByRole('button', { name: 'Save' }).click();
      await ux.waitForLoadState();
    };

    // A case is never ownerless once past new: someone takes it first.
    const overview = ux.locator('details.edit', { has: ux.locator('summary', { hasText: 'Change title, topics, owner and decision' }) });
    await overview.locator('summary').click();
    await overview.getByLabel('Owner').selectOption({ label: 'Una Analyst' });
    await overview.locator('button[type="submit"]').click();
    await ux.locator('#case-owner', { hasText: 'Una Analyst' }).waitFor();
    await ux.getByRole('button', { name: 'Start refining' }).click();
    await status.filter({ hasText: 'Refining' }).waitFor();
    await save('1. Current state', () => ux.getByRole('textbox', { name: 'Current state' }).fill('Buyers on Torget pay by SMS and hear nothing back; the log shows 24 inquiries on 1 November.'));
    await save('2. Root causes', () => ux.getByRole('textbox', { name: 'Cause' }).first().fill("The SMS supplier's gateway drops confirmations under load."));
    await save('3. Desired state and target', async () => {
      await ux.getByRole('textbox', { name: 'Desired state' }).fill('SMS payment is no reason to call: back to 3–4 a day.');
      await ux.getByLabel('Target measured as').selectOption('ratePerDay');
      await ux.getByLabel('At most').fill('5');
    });

    const newAction = ux.locator('form[action$="/actions"]');
    await newAction.getByLabel('Action').fill('Get the supplier to prioritise the dropped confirmations');
    await newAction.getByLabel('Owner').selectOption({ label: 'Una Analyst' });
    await newAction.getByLabel('Due date').fill('2026-12-01');
    await newAction.getByRole('button', { name: 'Add an action' }).click();
    await ux.waitForLoadState();

    await ux.getByRole('button', { name: 'Mark ready' }).click();
    await status.filter({ hasText: 'Ready' }).waitFor();
    const key = (await ux.locator('h1').innerText()).split(':')[0]!;
    const { body } = await t.as('leader').get(`/api/v1/cases/${key}`).expect(200);
    assert.equal(body.status, 'ready');
    assert.deepEqual(body.target, { metric: 'ratePerDay', max: 5 });
    assert.equal(body.rootCauses.length, 1);
    await screenshot(ux, 'case-ready');

    await ux.getByRole('link', { name: 'Open the case report' }).click();
    await ux.waitForURL(/\/reports\/cases\//);
    assert.match(await ux.locator('h1').innerText(), new RegExp(key));
    await screenshot(ux, 'case-report');
    await ux.close();
  });

  it('a leader reads the portfolio report: what the fixes measurably saved, the same figure as the API', async () => {
    const leader = await signedIn('lise@example.com');
    await leader.locator('nav.site-nav').getByRole('link', { name: 'Reports', exact: true }).click();
    await leader.waitForURL('**/reports');
    await leader.getByLabel('From').fill('2025-11-01');
    await leader.getByLabel('To').fill('2026-11-22');
    await leader.getByRole('button', { name: 'Open the report' }).click();
    await leader.waitForURL(/\/reports\/portfolio\?/);
    const { body } = await t.as('leader').get('/api/v1/reports/portfolio?from=2025-11-01&to=2026-11-22').expect(200);
    assert.ok(body.impact.avoidedPerMonth > 0, 'the resolved image-upload case avoided inquiries');
    assert.equal(Number(await leader.locator('p.lead[data-avoided]').getAttribute('data-avoided')), body.impact.avoidedPerMonth);
    assert.equal(await leader.locator('tr[data-case]', { hasText: 'Image upload in ad creation' }).count() > 0, true);
    await screenshot(leader, 'leader-portfolio-report');
    await leader.close();
  });
});
