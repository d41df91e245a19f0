import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { addDays, dayOf } from '../../src/time.ts';
import { createProcessDatabase, runCli, type ProcessDatabase } from '../support/processes.ts';

describe('pinchpoint CLI', function () {
  this.timeout(120_000);
  let db: ProcessDatabase;
  before(async () => {
    db = await createProcessDatabase();
  });
  after(() => db.close());

  it('explains itself with --help', async () => {
    const help = await runCli(['--help'], db.env);
    assert.equal(help.code, 0);
    for (const command of ['import', 'token', 'user', 'demo', 'detect', 'migrate', 'seed-taxonomy', 'check-rollup']) {
      assert.match(help.stdout, new RegExp(`\\b${command}\\b`));
    }
    const importHelp = await runCli(['import', '--help'], db.env);
    assert.match(importHelp.stdout, /--create-missing/);
    assert.equal(importHelp.code, 0);
  });

  it('exits 64 on a usage error, after saying what is wrong', async () => {
    const unknown = await runCli(['--bogus'], db.env);
    assert.equal(unknown.code, 64);
    assert.match(unknown.stderr, /unknown option '--bogus'/);
    const missing = await runCli(['import'], db.env);
    assert.equal(missing.code, 64);
    assert.match(missing.stderr, /missing required argument 'file'/);
  });

  it('creates a token, printed once, and refuses a bad role by name', async () => {
    const created = await runCli(['token', 'create', '--name', 'ops', '--role', 'admin'], db.env);
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /^pp_[\w-]{43}$/m);
    const bad = await runCli(['token', 'create', '--name', 'ops', '--role', 'boss'], db.env);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /role: must be one of agent, analyst, leader, admin, ingest/);
    const list = await runCli(['token', 'list'], db.env);
    assert.match(list.stdout, /#1\tadmin\tops\tlast used never/);
    assert.doesNotMatch(list.stdout, /pp_/);
  });

  it('imports a file, reports bad lines, and imports it again as duplicates', async () => {
    const file = path.join(db.dataDir, 'inquiries.csv');
    await writeFile(
      file,
      [
        'received_at,topic,market,channel,note,external_id',
        '2026-11-20T09:00:00Z,sms-payment,torget,phone,"Paid, nothing happened",',
        '2026-11-20T09:05:00Z,Bad Topic,torget,phone,,',
        '2026-11-20T09:10:00Z,login,bil,chat,,',
        '',
      ].join('\n'),
    );
    const first = await runCli(['import', file, '--create-missing'], db.env);
    assert.equal(first.code, 2, 'a file with rejected lines exits 2');
    assert.match(first.stdout, /3 rows in [\d.]+ s: 2 created, 0 duplicates, 1 rejected\./);
    assert.match(first.stdout, /line 3: topic: must be 1–64 characters/);
    const second = await runCli(['import', file], db.env);
    assert.match(second.stdout, /0 created, 2 duplicates, 1 rejected/);
    const check = await runCli(['check-rollup'], db.env);
    assert.equal(check.code, 0);
    assert.match(check.stdout, /consistent/);
  });

  it('runs detection for a day and refuses bad dates by name', async () => {
    const day = await runCli(['detect', '--as-of', '2026-11-20'], db.env);
    assert.equal(day.code, 0, day.stderr);
    assert.match(day.stdout, /Judged 1 day\(s\) from 2026-11-20 to 2026-11-20/);
    const bad = await runCli(['detect', '--as-of', '2026-02-30'], db.env);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /--as-of must be a date \(YYYY-MM-DD\), got "2026-02-30"/);
    const half = await runCli(['detect', '--from', '2026-11-01'], db.env);
    assert.match(half.stderr, /Give --from and --to together/);
    const both = await runCli(['detect', '--as-of', '2026-11-20', '--from', '2026-11-01', '--to', '2026-11-03'], db.env);
    assert.match(both.stderr, /Give either --as-of \(one day\) or --from and --to \(a replay\), not both/);
  });

  it('refuses to judge a day that is not over, so the nightly job never takes it as done', async () => {
    const today = dayOf(new Date(), db.env.TZ_NAME ?? 'Europe/Oslo');
    const now = await runCli(['detect', '--as-of', today], db.env);
    assert.equal(now.code, 65);
    assert.match(now.stderr, new RegExp(`--as-of ${today} is not over yet: the last day that can be judged is yesterday, ${addDays(today, -1)}`));
    const replay = await runCli(['detect', '--from', addDays(today, -3), '--to', addDays(today, 30)], db.env);
    assert.match(replay.stderr, /--to \d{4}-\d{2}-\d{2} is not over yet/);
    assert.equal(replay.stdout, '', 'nothing judged');
  });

  it('refuses a demo end day that is not a day, too early for the stories, or in the future', async () => {
    const bad = await runCli(['demo', '--until', '2026-13-01'], db.env);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /--until must be a date \(YYYY-MM-DD\) on or after 2026-11-16, so both stories fit \(got "2026-13-01"\)/);
    const early = await runCli(['demo', '--until', '2026-10-01'], db.env);
    assert.match(early.stderr, /on or after 2026-11-16/);
    const future = await runCli(['demo', '--until', '2999-01-01'], db.env);
    assert.notEqual(future.code, 0);
    assert.match(future.stderr, /--until must be before today \(\d{4}-\d{2}-\d{2}\)/);
    const today = await runCli(['demo', '--until', dayOf(new Date(), 'Europe/Oslo')], db.env);
    assert.match(today.stderr, /--until must be before today/, 'today is not over');
    const check = await runCli(['check-rollup'], db.env);
    assert.match(check.stdout, /consistent/);
  });

  it('refuses a number that is not one by name, before anything runs', async () => {
    const batch = await runCli(['import', '/no/such/file.csv', '--batch-size', 'abc'], db.env);
    assert.notEqual(batch.code, 0);
    assert.match(batch.stderr, /'--batch-size <n>' argument 'abc' is invalid\. it must be a whole number from 1 to 100000/);
    const zero = await runCli(['import-responses', '/no/such/file.csv', '--batch-size', '0'], db.env);
    assert.match(zero.stderr, /argument '0' is invalid\. it must be a whole number from 1 to 100000/);
    const revoke = await runCli(['token', 'revoke', '12x'], db.env);
    assert.notEqual(revoke.code, 0);
    assert.match(revoke.stderr, /value '12x' is invalid for argument 'id'\. it must be a whole number/);
    assert.doesNotMatch(revoke.stderr, /pg_strtoint|invalid input syntax/);
    const source = await runCli(['import', '/no/such/file.csv', '--source', ' '], db.env);
    assert.notEqual(source.code, 0);
    assert.match(source.stderr, /'--source <source>' argument ' ' is invalid\. it must be 1 to 50 characters/);
  });

  it('names a missing file and a bad configuration variable', async () => {
    const missing = await runCli(['import', '/no/such/file.csv'], db.env);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /Cannot read "\/no\/such\/file.csv"/);
    const badConfig = await runCli(['migrate'], { ...db.env, TZ_NAME: 'Mars/Olympus' });
    assert.equal(badConfig.code, 78);
    assert.match(badConfig.stderr, /TZ_NAME: must be an IANA time zone/);
  });

  it('seeds a taxonomy file and refuses a broken one without storing part of it', async () => {
    const good = path.join(db.dataDir, 'taxonomy.json');
    await writeFile(good, JSON.stringify({ markets: [{ key: 'jobb', name: 'Jobb' }], topics: [{ key: 'cv', name: 'CV upload' }] }));
    const ok = await runCli(['seed-taxonomy', good], db.env);
    assert.match(ok.stdout, /2 created/);
    // Saved by Notepad: UTF-8 with a byte-order mark.
    const withBom = path.join(db.dataDir, 'taxonomy-bom.json');
    await writeFile(withBom, `\uFEFF${JSON.stringify({ topics: [{ key: 'bom-topic', name: 'Saved by Notepad' }] })}`);
    const bom = await runCli(['seed-taxonomy', withBom], db.env);
    assert.equal(bom.code, 0, bom.stderr);
    assert.match(bom.stdout, /1 created/);
    const broken = path.join(db.dataDir, 'broken.json');
    await writeFile(broken, '{"topics": [');
    const bad = await runCli(['seed-taxonomy', broken], db.env);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /Cannot read ".*broken.json" as JSON/);
    const invalid = path.join(db.dataDir, 'invalid.json');
    await writeFile(invalid, JSON.stringify({ topics: [{ key: 'ok-key', name: 'Fine' }, { key: 'Not OK', name: 'x' }] }));
    const refused = await runCli(['seed-taxonomy', invalid], db.env);
    assert.match(refused.stderr, /topics\.1\.key/);
  });
});
