import assert from 'node:assert/strict';
import express from 'express';
import supertest from 'supertest';
import { webRoutes } from '../../src/web/router.ts';
import { createTestApp, seedTaxonomy, type TestApp } from '../support/app.ts';
import { setPasswordNow } from '../../src/users/setupLinks.ts';
import { addPerson, browser, csrfOf, html, PASSWORD, signIn, submit } from './support.ts';

const cookieNamed = (setCookie: string[] | undefined, name: string) => (setCookie ?? []).find((c) => c.startsWith(`${name}=`));

describe('sign-in', () => {
  let t: TestApp;
  let kariId: number;
  before(async () => {
    t = await createTestApp();
    await seedTaxonomy(t);
    kariId = await addPerson(t, { email: 'kari@example.com', name: 'Kari Nordmann', role: 'agent' });
    await addPerson(t, { email: 'lise@example.com', name: 'Lise', role: 'leader' });
  });
  after(() => t.close());

  it('signs in with e-mail and password on a fresh session id, with an http-only SameSite cookie', async () => {
    const client = browser(t);
    const page = await client.get('/sign-in').expect(200);
    const before = cookieNamed(page.headers['set-cookie'] as unknown as string[], 'pp.sid');
    assert.ok(before, 'the sign-in form keeps an anonymous session for its CSRF token');
    const res = await client.post('/sign-in').type('form').send({ _csrf: csrfOf(page.text), email: 'KARI@example.com ', password: PASSWORD }).expect(303);
    assert.equal(res.headers.location, '/');
    const after = cookieNamed(res.headers['set-cookie'] as unknown as string[], 'pp.sid')!;
    assert.match(after, /HttpOnly/);
    assert.match(after, /SameSite=Lax/);
    assert.doesNotMatch(after, /Secure/, 'plain http on localhost: not Secure');
    assert.notEqual(after.split(';')[0], before.split(';')[0], 'a new session id after signing in');

    const home = await client.get('/').expect(303);
    assert.equal(home.headers.location, '/log', 'an agent starts on the log page');
    const $ = html((await client.get('/log').expect(200)).text);
    assert.match($('.account-name').text(), /Kari Nordmann/);
  });

  it('returns to the page asked for, but never to another site', async () => {
    const client = browser(t);
    const asked = await client.get('/spikes?status=open').expect(303);
    assert.equal(asked.headers.location, '/sign-in?next=%2Fspikes%3Fstatus%3Dopen');
    const page = await client.get(asked.headers.location).expect(200);
    assert.equal(html(page.text)('input[name="next"]').val(), '/spikes?status=open');
    const res = await client.post('/sign-in').type('form').send({ _csrf: csrfOf(page.text), email: 'kari@example.com', password: PASSWORD, next: '/spikes?status=open' }).expect(303);
    assert.equal(res.headers.location, '/spikes?status=open');

    const other = browser(t);
    const form = await other.get('/sign-in?next=//evil.example/x').expect(200);
    assert.equal(html(form.text)('input[name="next"]').length, 0);
    const bounced = await other.post('/sign-in').type('form').send({ _csrf: csrfOf(form.text), email: 'kari@example.com', password: PASSWORD, next: 'https://evil.example/' }).expect(303);
    assert.equal(bounced.headers.location, '/');
  });

  it('refuses a wrong password or an unknown e-mail with the same message, keeping the e-mail', async () => {
    for (const email of ['kari@example.com', 'nobody@example.com']) {
      const client = browser(t);
      const res = await submit(client, '/sign-in', '/sign-in', { email, password: 'wrong password!' });
      assert.equal(res.status, 401);
      const $ = html(res.text);
      assert.equal($('#sign-in-problem').text(), 'That e-mail and password do not match an account.');
      assert.equal($('#email').val(), email);
      assert.equal($('#password').val(), undefined, 'the password is never sent back');
      await client.get('/log').expect(303);
    }
    const empty = await submit(browser(t), '/sign-in', '/sign-in', { email: '', password: '' });
    assert.equal(empty.status, 400);
    assert.equal(html(empty.text)('#email-error').text(), 'Fill this in.');
    assert.equal(html(empty.text)('#email').attr('aria-invalid'), 'true');
  });

  it('limits failed attempts per e-mail, from any address, without counting successes', async () => {
    await addPerson(t, { email: 'target@example.com', role: 'agent' });
    // A success does not count towards the limit.
    await signIn(t, 'target@example.com');
    const tries = async (password: string, ip: string) => {
      const client = browser(t);
      const page = await client.get('/sign-in').set('X-Forwarded-For', ip);
      return client.post('/sign-in').set('X-Forwarded-For', ip).type('form').send({ _csrf: csrfOf(page.text), email: 'target@example.com', password });
    };
    for (let i = 0; i < 5; i++) assert.equal((await tries('guess number ' + i, `10.0.0.${i + 1}`)).status, 401);
    const limited = await tries(PASSWORD, '10.0.1.1');
    assert.equal(limited.status, 429, 'even the right password waits once the e-mail is limited');
    assert.match(html(limited.text)('.flash-error').text(), /Too many attempts\. Try again in 15 minutes\./);
    assert.ok(limited.headers['ratelimit-policy'], 'standard rate-limit headers');
    // Other accounts are not affected.
    await signIn(t, 'kari@example.com');
  });

  it('lets the owner in once the window has passed', async () => {
    // The pages alone, with a one-second window: windows run on the wall clock.
    const app = express();
    app.set('trust proxy', 'loopback');
    app.use(webRoutes(t.ctx, { signInLimits: { perIp: 30, perEmail: 2, windowMs: 1000 } }));
    const attempt = async (password: string) => {
      const client = supertest.agent(app);
      const page = await client.get('/sign-in');
      return client.post('/sign-in').type('form').send({ _csrf: csrfOf(page.text), email: 'lise@example.com', password });
    };
    assert.equal((await attempt('wrong guess 1')).status, 401);
    assert.equal((await attempt('wrong guess 2')).status, 401);
    assert.equal((await attempt(PASSWORD)).status, 429);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    assert.equal((await attempt(PASSWORD)).status, 303);
  });

  it('limits attempts per client address across e-mail addresses', async () => {
    const ip = '192.0.2.77';
    let status = 0;
    let attempts = 0;
    while (attempts < 40) {
      attempts++;
      const client = browser(t);
      const page = await client.get('/sign-in').set('X-Forwarded-For', ip);
      const res = await client.post('/sign-in').set('X-Forwarded-For', ip).type('form').send({ _csrf: csrfOf(page.text), email: `guess${attempts}@example.com`, password: 'x' });
      status = res.status;
      if (status === 429) break;
    }
    assert.equal(status, 429);
    assert.equal(attempts, 31, 'thirty attempts per address per window, then refused');
  });

  it('refuses a form without the CSRF token, or with a token from another session', async () => {
    const client = browser(t);
    await client.get('/sign-in').expect(200);
    const bare = await client.post('/sign-in').type('form').send({ email: 'kari@example.com', password: PASSWORD }).expect(403);
    assert.match(html(bare.text)('main').text(), /The form had expired or did not come from this site/);

    const attacker = browser(t);
    const theirs = csrfOf((await attacker.get('/sign-in')).text);
    await client.post('/sign-in').type('form').send({ _csrf: theirs, email: 'kari@example.com', password: PASSWORD }).expect(403);

    // Signed in, a page form without the token changes nothing.
    const kari = await signIn(t, 'kari@example.com');
    await kari.post('/log').type('form').send({ topic: 'login', market: 'torget', channel: 'phone' }).expect(403);
    const { body } = await t.as('admin').get('/api/v1/inquiries?from=2026-11-23&to=2026-11-23').expect(200);
    assert.equal(body.inquiries.length, 0);
  });

  it('signs out: the session is gone from the database, so its cookie no longer works', async () => {
    const client = browser(t);
    const signedIn = await submit(client, '/sign-in', '/sign-in', { email: 'kari@example.com', password: PASSWORD });
    const sessionCookie = cookieNamed(signedIn.headers['set-cookie'] as unknown as string[], 'pp.sid')!.split(';')[0]!;
    await browser(t).get('/log').set('Cookie', sessionCookie).expect(200);
    const page = await client.get('/log').expect(200);
    const out = await client.post('/sign-out').type('form').send({ _csrf: csrfOf(page.text) }).expect(303);
    assert.equal(out.headers.location, '/sign-in?signedOut=1');
    assert.match(html((await client.get('/sign-in?signedOut=1')).text)('.flash-info').text(), /You are signed out/);
    await client.get('/log').expect(303);
    // Replaying the old cookie by hand does not bring the session back.
    await browser(t).get('/log').set('Cookie', sessionCookie).expect(303);
  });

  it('ends other sessions when the password is set again', async () => {
    const client = await signIn(t, 'kari@example.com');
    await client.get('/log').expect(200);
    t.setNow(new Date(t.ctx.now().getTime() + 60_000));
    await setPasswordNow(t.db.pool, { userId: kariId, password: 'a brand new password', asOf: t.ctx.now() });
    await client.get('/log').expect(303);
    await signIn(t, 'kari@example.com', 'a brand new password');
  });

  it('uses Secure __Host- cookies and HSTS behind HTTPS when COOKIE_SECURE is on, and says so over plain http', async () => {
    const secure = await createTestApp({ COOKIE_SECURE: 'true' });
    try {
      const overHttps = await browser(secure).get('/sign-in').set('X-Forwarded-Proto', 'https').expect(200);
      const cookies = overHttps.headers['set-cookie'] as unknown as string[];
      assert.match(cookieNamed(cookies, '__Host-pp.sid')!, /Secure/);
      assert.match(cookieNamed(cookies, '__Host-pp.csrf')!, /Secure; SameSite=Strict/);
      assert.match(String(overHttps.headers['strict-transport-security']), /max-age=/);
      const overHttp = await browser(secure).get('/sign-in').expect(200);
      assert.equal(cookieNamed(overHttp.headers['set-cookie'] as unknown as string[], '__Host-pp.sid'), undefined, 'no secure cookie over plain http');
      assert.match(html(overHttp.text)('.flash-error').text(), /only signs in over HTTPS/);
    } finally {
      await secure.close();
    }
  });
});
