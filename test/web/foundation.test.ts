import assert from 'node:assert/strict';
import express from 'express';
import supertest from 'supertest';
import { AppError } from '../../src/http/errors.ts';
import { issueFirstAdminLinkIfNeeded } from '../../src/users/setupLinks.ts';
import { pageErrorHandler } from '../../src/web/http/errors.ts';
import { createTestApp, seedTaxonomy, type TestApp } from '../support/app.ts';
import { assertAccessible } from './a11y.ts';
import { addPerson, browser, html, signIn, type Browser } from './support.ts';

describe('web pages: layout, languages, roles and security', () => {
  let t: TestApp;
  let people: Record<'agent' | 'analyst' | 'leader' | 'admin', Browser>;
  let setupToken: string;
  before(async () => {
    t = await createTestApp();
    setupToken = (await issueFirstAdminLinkIfNeeded(t.db.pool, { asOf: t.ctx.now(), hours: 1 }))!.token;
    await seedTaxonomy(t);
    for (const role of ['agent', 'analyst', 'leader', 'admin'] as const) await addPerson(t, { email: `${role}@example.com`, role });
    people = {
      agent: await signIn(t, 'agent@example.com'),
      analyst: await signIn(t, 'analyst@example.com'),
      leader: await signIn(t, 'leader@example.com'),
      admin: await signIn(t, 'admin@example.com'),
    };
  });
  after(() => t.close());

  it('passes the structural accessibility checks on every page, in English and Norwegian', async () => {
    const pages: Array<[Browser, string]> = [
      [browser(t), '/sign-in'],
      [browser(t), `/setup/${setupToken}`],
      [browser(t), '/setup/used-or-unknown'],
      [people.agent, '/log'],
      [people.agent, '/no-such-page'],
      [people.leader, '/dashboard'],
      [people.leader, '/topics/payment'],
      [people.leader, '/spikes'],
      [people.admin, '/admin/users'],
      [people.agent, '/admin/users'],
    ];
    for (const lang of ['en', 'nb']) {
      for (const [client, path] of pages) {
        const res = await client.get(`${path}${path.includes('?') ? '&' : '?'}lang=${lang}`).set('Accept', 'text/html');
        assert.match(res.type, /html/, path);
        assertAccessible(res.text, `${path} (${lang})`);
        assert.equal(html(res.text)('html').attr('lang'), lang, path);
      }
    }
    for (const client of Object.values(people)) await client.get('/log?lang=en').set('Accept', 'text/html');
  });

  it('picks the language from ?lang=, then the saved choice, then Accept-Language', async () => {
    const lang = async (client: Browser, path: string, accept?: string) => {
      const req = client.get(path);
      if (accept) req.set('Accept-Language', accept);
      return html((await req).text)('html').attr('lang');
    };
    assert.equal(await lang(browser(t), '/sign-in', 'nb-NO,nb;q=0.9,en;q=0.8'), 'nb');
    assert.equal(await lang(browser(t), '/sign-in', 'no'), 'nb');
    assert.equal(await lang(browser(t), '/sign-in', 'de-DE,de;q=0.9'), 'en');
    assert.equal(await lang(browser(t), '/sign-in'), 'en');
    const visitor = browser(t);
    assert.equal(await lang(visitor, '/sign-in?lang=nb', 'en'), 'nb');
    assert.equal(await lang(visitor, '/sign-in', 'en'), 'nb', 'the choice sticks for the visit');

    // A signed-in person's choice is kept with their account, so it follows them to a new session.
    await people.analyst.get('/spikes?lang=nb').expect(200);
    const later = await signIn(t, 'analyst@example.com');
    assert.equal(await lang(later, '/spikes', 'en'), 'nb');
    await later.get('/spikes?lang=en');
    await people.analyst.get('/spikes?lang=en');
  });

  it('keeps the language switch on the page the person is on', async () => {
    const $ = html((await people.leader.get('/dashboard?period=7').expect(200)).text);
    assert.deepEqual(
      $('footer .languages a').map((_, a) => $(a).attr('href')).get(),
      ['/dashboard?period=7&lang=en', '/dashboard?period=7&lang=nb'],
    );
  });

  it('sends the signed-out to sign in, and refuses pages a role may not open', async () => {
    for (const path of ['/', '/log', '/dashboard', '/topics/payment', '/spikes', '/spikes/1', '/admin/users']) {
      const res = await browser(t).get(path).expect(303);
      assert.equal(res.headers.location, `/sign-in?next=${encodeURIComponent(path)}`);
    }
    const forbidden: Array<[keyof typeof people, string]> = [['agent', '/admin/users'], ['analyst', '/admin/users'], ['leader', '/admin/users'], ['leader', '/log']];
    for (const [role, path] of forbidden) {
      const res = await people[role].get(path).expect(403);
      assert.equal(html(res.text)('h1').text(), 'You do not have access to this page', `${role} ${path}`);
    }
    const menu = async (role: keyof typeof people) => {
      const $ = html((await people[role].get('/spikes').expect(200)).text);
      return $('nav.site-nav a').map((_, a) => $(a).attr('href')).get();
    };
    assert.deepEqual(await menu('agent'), ['/log', '/dashboard', '/spikes', '/cases', '/journey', '/fixed', '/reports']);
    assert.deepEqual(await menu('leader'), ['/dashboard', '/spikes', '/cases', '/journey', '/fixed', '/reports']);
    assert.deepEqual(await menu('admin'), ['/log', '/dashboard', '/spikes', '/cases', '/journey', '/fixed', '/reports', '/admin']);
    assert.equal((await people.leader.get('/').expect(303)).headers.location, '/dashboard');
  });

  it('never lets a session cookie stand in for an API token', async () => {
    const res = await people.admin.get('/api/v1/inquiries').expect(401);
    assert.equal(res.body.error.code, 'UNAUTHENTICATED');
  });

  it('sets a strict Content-Security-Policy and friends on pages, and serves its own assets', async () => {
    const res = await people.agent.get('/log').expect(200);
    const csp = String(res.headers['content-security-policy']);
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /style-src 'self'(;|$)/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['referrer-policy'], 'same-origin');
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.doesNotMatch(res.text, /<script>|<style|style="|onclick=/, 'nothing inline');
    const css = await browser(t).get('/static/app.css').expect(200);
    assert.match(css.type, /css/);
    assert.match(css.text, /@media print/);
    const js = await browser(t).get('/static/app.js').expect(200);
    assert.match(js.type, /javascript/);
  });

  it('answers browsers with an HTML 404 and API clients with JSON', async () => {
    const page = await browser(t).get('/nowhere').set('Accept', 'text/html,application/xhtml+xml,*/*;q=0.8').expect(404);
    assert.equal(html(page.text)('h1').text(), 'Page not found');
    const json = await browser(t).get('/nowhere').expect(404);
    assert.equal(json.body.error.code, 'NOT_FOUND');
    await browser(t).get('/static/missing.css').set('Accept', 'text/css').expect(404);
  });

  it('renders errors as pages: the mapped status, and a 500 without internals', async () => {
    const app = express();
    app.use((_req, res, next) => {
      res.locals.locale = 'en';
      next();
    });
    app.get('/conflict', () => {
      throw new AppError('CONFLICT', 'Spike 3 is dismissed');
    });
    app.get('/boom', () => {
      throw new Error('secret connection string postgres://user:pw@db');
    });
    app.use(pageErrorHandler);
    const conflict = await supertest(app).get('/conflict').expect(409);
    assert.equal(html(conflict.text)('main p').first().text(), 'Spike 3 is dismissed');
    const boom = await supertest(app).get('/boom').expect(500);
    assert.equal(html(boom.text)('h1').text(), 'Something went wrong on our side');
    assert.doesNotMatch(boom.text, /secret|postgres:/);
  });
});
