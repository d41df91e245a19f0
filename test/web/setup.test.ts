import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import supertest from 'supertest';
import { createApp } from '../../src/app.ts';
import { bootstrap } from '../../src/bootstrap.ts';
import { loadConfig } from '../../src/config.ts';
import { startService } from '../../src/server.ts';
import { issueFirstAdminLinkIfNeeded } from '../../src/users/setupLinks.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createProcessDatabase, runCli, type ProcessDatabase } from '../support/processes.ts';
import { addPerson, browser, csrfOf, html, signIn } from './support.ts';

const pathOf = (url: string) => new URL(url).pathname;

describe('set-up links', function () {
  this.timeout(180_000);

  describe('the first admin', () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await createTestApp();
    });
    afterEach(() => t.close());

    it('is created through a one-time link, which then stops working', async () => {
      const link = await issueFirstAdminLinkIfNeeded(t.db.pool, { asOf: t.ctx.now(), hours: 72 });
      assert.ok(link);
      const client = browser(t);
      const path = `/setup/${link.token}`;
      const form = await client.get(path).expect(200);
      assert.equal(html(form.text)('h1').text(), 'Create the first administrator');

      // Mistakes are shown next to their fields, and what was typed stays (passwords excepted).
      const bad = await client.post(path).type('form').send({ _csrf: csrfOf(form.text), email: 'not-an-address', name: 'Ada Admin', password: 'short', confirm: 'other' }).expect(400);
      const $bad = html(bad.text);
      assert.equal($bad('#email-error').text(), 'Enter an e-mail address, such as name@example.com.');
      assert.equal($bad('#password-error').text(), 'The password is too short.');
      assert.equal($bad('#confirm-error').text(), 'The two passwords are not the same.');
      assert.equal($bad('#email').val(), 'not-an-address');
      assert.equal($bad('#name').val(), 'Ada Admin');
      assert.equal($bad('#password').val(), undefined);

      const done = await client.post(path).type('form').send({ _csrf: csrfOf(bad.text), email: 'ada@example.com', name: 'Ada Admin', password: 'a long enough password', confirm: 'a long enough password' }).expect(303);
      assert.equal(done.headers.location, '/');
      // Signed in at once, as an admin.
      const users = await client.get('/admin/users').expect(200);
      assert.match(html(users.text)('.flash-success').text(), /Your account is ready/);
      assert.match(html(users.text)('tbody').text(), /Ada Admin/);

      // Used once: the link is dead, for a second visit and for a replayed form.
      const again = await browser(t).get(path).expect(410);
      assert.equal(html(again.text)('h1').text(), 'This link cannot be used');
      const replay = browser(t);
      const replayForm = await replay.get('/sign-in');
      await replay.post(path).type('form').send({ _csrf: csrfOf(replayForm.text), email: 'eve@example.com', name: 'Eve', password: 'a long enough password', confirm: 'a long enough password' }).expect(410);
      assert.equal((await t.db.pool.query(`SELECT count(*)::int AS n FROM users`)).rows[0].n, 1);

      // Someone can sign in now: no new first-admin link.
      assert.equal(await issueFirstAdminLinkIfNeeded(t.db.pool, { asOf: t.ctx.now(), hours: 72 }), undefined);
      await signIn(t, 'ada@example.com', 'a long enough password');
    });

    it('expires, and a newer link replaces an older one', async () => {
      const first = (await issueFirstAdminLinkIfNeeded(t.db.pool, { asOf: t.ctx.now(), hours: 1 }))!;
      const second = (await issueFirstAdminLinkIfNeeded(t.db.pool, { asOf: t.ctx.now(), hours: 1 }))!;
      await browser(t).get(`/setup/${first.token}`).expect(410);
      await browser(t).get(`/setup/${second.token}`).expect(200);
      t.setNow(new Date(t.ctx.now().getTime() + 61 * 60_000));
      await browser(t).get(`/setup/${second.token}`).expect(410);
      await browser(t).get('/setup/not-a-real-token').expect(410);
    });
  });

  it('is printed in the log when a server starts and nobody can sign in', async () => {
    const db = await createProcessDatabase();
    const lines: string[] = [];
    const log = pino({ level: 'info' }, new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) }));
    const config = loadConfig({ ...db.env, PORT: '0', LOG_LEVEL: 'info', PUBLIC_BASE_URL: 'https://pinchpoint.example.com' });
    const service = await startService(config, log, 'web');
    try {
      const line = lines.find((l) => l.includes('Nobody can sign in yet'));
      assert.ok(line, 'the log carries the first-admin link');
      const url = /(https:\/\/pinchpoint\.example\.com\/setup\/[\w-]{43})/.exec(JSON.parse(line).msg)?.[1];
      assert.ok(url, JSON.parse(line).msg);
      const page = await fetch(`${service.url}${pathOf(url)}`, { headers: { accept: 'text/html' } });
      assert.equal(page.status, 200);
      assert.match(await page.text(), /Create the first administrator/);
    } finally {
      await service.shutdown('test');
      await db.close();
    }
  });

  describe('from the shell and from the admin page', () => {
    let db: ProcessDatabase;
    before(async () => {
      db = await createProcessDatabase();
    });
    after(() => db.close());

    it('pinchpoint user create prints a set-up link, or takes the password from stdin', async () => {
      const invited = await runCli(['user', 'create', '--email', 'ola@example.com', '--role', 'agent'], db.env);
      assert.equal(invited.code, 0, invited.stderr);
      assert.match(invited.stdout, /Created user #1 ola <ola@example\.com> \(agent\)\./);
      const url = /(http:\/\/localhost:3000\/setup\/[\w-]{43})/.exec(invited.stdout)?.[1];
      assert.ok(url, invited.stdout);

      const short = await runCli(['user', 'create', '--email', 'kari@example.com', '--role', 'admin', '--password-stdin'], db.env, 'short\n');
      assert.notEqual(short.code, 0);
      assert.match(short.stderr, /password: at least 10 characters/);
      const direct = await runCli(['user', 'create', '--email', 'kari@example.com', '--name', 'Kari Nordmann', '--role', 'admin', '--password-stdin'], db.env, 'kari has a long password\n');
      assert.equal(direct.code, 0, direct.stderr);
      assert.match(direct.stdout, /Password set; they can sign in now\./);
      const reset = await runCli(['user', 'setup-link', '--email', 'ola@example.com'], db.env);
      assert.equal(reset.code, 0, reset.stderr);
      const resetUrl = /(http:\/\/localhost:3000\/setup\/[\w-]{43})/.exec(reset.stdout)?.[1]!;

      // The same database in this process: the first link died when the second was issued.
      const { ctx, database } = await bootstrap(loadConfig({ ...db.env, LOG_LEVEL: 'silent' }), pino({ level: 'silent' }));
      try {
        const app = createApp(ctx);
        const kari = supertest.agent(app);
        const form = await kari.get('/sign-in');
        await kari.post('/sign-in').type('form').send({ _csrf: csrfOf(form.text), email: 'kari@example.com', password: 'kari has a long password' }).expect(303);
        await supertest(app).get(pathOf(url)).expect(410);
        const ola = supertest.agent(app);
        const setup = await ola.get(pathOf(resetUrl)).expect(200);
        assert.equal(html(setup.text)('#email').val(), 'ola@example.com');
        await ola.post(pathOf(resetUrl)).type('form').send({ _csrf: csrfOf(setup.text), name: 'Ola Nordmann', password: 'ola picks a password', confirm: 'ola picks a password' }).expect(303);
        assert.equal((await ola.get('/').expect(303)).headers.location, '/log');
      } finally {
        await database.close();
      }
    });

    it('an admin invites someone and gets their link once; others cannot', async () => {
      const t = await createTestApp();
      try {
        await addPerson(t, { email: 'admin@example.com', role: 'admin' });
        await addPerson(t, { email: 'agent@example.com', role: 'agent' });
        const admin = await signIn(t, 'admin@example.com');
        const page = await admin.get('/admin/users').expect(200);
        const taken = await admin.post('/admin/users').type('form').send({ _csrf: csrfOf(page.text), email: 'agent@example.com', name: 'Dup', role: 'agent', team: '' }).expect(409);
        assert.equal(html(taken.text)('#email-error').text(), 'Someone already has this e-mail address.');
        assert.equal(html(taken.text)('#name').val(), 'Dup');
        const created = await admin.post('/admin/users').type('form').send({ _csrf: csrfOf(page.text), email: 'new@example.com', name: 'New Person', role: 'analyst', team: 'UX' }).expect(201);
        const link = html(created.text)('#setup-link').text();
        assert.match(link, /^http:\/\/localhost:3000\/setup\/[\w-]{43}$/);
        const invitee = browser(t);
        const form = await invitee.get(pathOf(link)).expect(200);
        await invitee.post(pathOf(link)).type('form').send({ _csrf: csrfOf(form.text), name: 'New Person', password: 'new person password', confirm: 'new person password' }).expect(303);
        assert.equal((await invitee.get('/').expect(303)).headers.location, '/dashboard');
        // Shown once: the list does not show it again.
        assert.equal(html((await admin.get('/admin/users')).text)('#setup-link').length, 0);

        const agent = await signIn(t, 'agent@example.com');
        await agent.get('/admin/users').expect(403);
        const agentPage = await agent.get('/log');
        await agent.post('/admin/users').type('form').send({ _csrf: csrfOf(agentPage.text), email: 'sneaky@example.com', name: 'S', role: 'admin', team: '' }).expect(403);
        assert.equal((await t.db.pool.query(`SELECT count(*)::int AS n FROM users WHERE email = 'sneaky@example.com'`)).rows[0].n, 0);
      } finally {
        await t.close();
      }
    });
  });
});
