import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startFakeGithub, type FakeGithub } from '../support/fakeGithub.ts';
import { startFakeJira, type FakeJira } from '../support/fakeJira.ts';
import { createProcessDatabase, runCli, type ProcessDatabase } from '../support/processes.ts';
import { githubConnection, jiraConnection } from './syncSupport.ts';

describe('pinchpoint trackers test', function () {
  this.timeout(120_000);
  let db: ProcessDatabase;
  let github: FakeGithub;
  let jira: FakeJira;
  before(async () => {
    db = await createProcessDatabase();
    github = await startFakeGithub();
    jira = await startFakeJira({ projectKey: 'PLAT', authorization: `Basic ${Buffer.from('sync@example.com:jira-token').toString('base64')}`, accountId: 'sync-account', permissions: { EDIT_ISSUES: false } });
  });
  after(async () => {
    await github.close();
    await jira.close();
    await db.close();
  });

  async function file(name: string, connection: object): Promise<string> {
    const at = path.join(db.dataDir, name);
    await writeFile(at, JSON.stringify(connection));
    return at;
  }

  it('says a connection with good credentials and permissions is ready', async () => {
    const result = await runCli(['trackers', 'test', await file('ads.json', githubConnection(github.url))], { ...db.env, PP_TEST_GITHUB_TOKEN: 'ghp_test' });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Tracker connection "ads": GitHub repository finn\/ads/);
    assert.match(result.stdout, /ok {7}signed in as pinchpoint-sync/);
    assert.match(result.stdout, /Ready: Pinchpoint can create, update and comment on issues here\./);
  });

  it('says exactly what is missing: refused credentials, an unset variable, a missing permission', async () => {
    const refused = await runCli(['trackers', 'test', await file('ads.json', githubConnection(github.url))], { ...db.env, PP_TEST_GITHUB_TOKEN: 'ghp_revoked' });
    assert.equal(refused.code, 2);
    assert.match(refused.stdout, /MISSING {2}the token in PP_TEST_GITHUB_TOKEN is refused by GitHub/);
    assert.match(refused.stdout, /Not ready: 1 thing is missing/);

    const unset = await runCli(['trackers', 'test', await file('ads.json', githubConnection(github.url))], { ...db.env, PP_TEST_GITHUB_TOKEN: '' });
    assert.equal(unset.code, 2);
    assert.match(unset.stdout, /MISSING {2}tracker connection "ads": environment variable PP_TEST_GITHUB_TOKEN is not set/);

    const jiraFile = await file('plat.json', jiraConnection(jira.url));
    const partial = await runCli(['trackers', 'test', jiraFile], { ...db.env, PP_TEST_JIRA_TOKEN: 'jira-token' });
    assert.equal(partial.code, 2);
    assert.match(partial.stdout, /ok {7}Create Issues in PLAT/);
    assert.match(partial.stdout, /MISSING {2}the "Edit Issues" permission \(EDIT_ISSUES\) in project PLAT for Pinchpoint Sync/);
  });

  it('refuses a broken file or an unknown stored name by name', async () => {
    const broken = await runCli(['trackers', 'test', await file('bad.json', { kind: 'github', name: 'x', owner: 'finn' })], db.env);
    assert.notEqual(broken.code, 0);
    assert.match(broken.stderr, /repo: /);
    const unknown = await runCli(['trackers', 'test', 'nowhere'], db.env);
    assert.notEqual(unknown.code, 0);
    assert.match(unknown.stderr, /No tracker connection named "nowhere"/);
  });
});
