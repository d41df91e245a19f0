import type { Octokit } from '@octokit/rest';
import type { GithubConnection } from '../connection.ts';
import { TrackerError } from '../errors.ts';
import type { AccessReport } from '../tracker.ts';

type Call = <T>(operation: string, run: () => Promise<T>) => Promise<T>;

function refused(error: unknown, kinds: TrackerError['kind'][]): error is TrackerError {
  return error instanceof TrackerError && kinds.includes(error.kind);
}

/**
 * Who a GitHub connection acts as and whether it may file issues: the token user (an App
 * installation has no user), the repository, its Issues feature, and write access, without
 * which GitHub silently drops the labels and assignees of a new issue.
 * https://docs.github.com/en/rest/repos/repos#get-a-repository
 */
export async function checkGithubAccess(octokit: Octokit, connection: GithubConnection, call: Call): Promise<AccessReport> {
  const report: AccessReport = { identity: null, ok: [], missing: [] };
  const where = `${connection.owner}/${connection.repo}`;
  const credential = connection.auth.type === 'token' ? `the token in ${connection.auth.tokenEnv}` : `GitHub App ${connection.auth.appId} (installation ${connection.auth.installationId})`;

  if (connection.auth.type === 'token') {
    try {
      const { data } = await call('who am I', () => octokit.rest.users.getAuthenticated());
      report.identity = { id: data.login, name: data.name ?? data.login };
      report.ok.push(`signed in as ${data.login}`);
      if (connection.syncAccountLogin && connection.syncAccountLogin.toLowerCase() !== data.login.toLowerCase()) {
        report.missing.push(`syncAccountLogin is "${connection.syncAccountLogin}" but the token acts as "${data.login}": our own writes would not be recognised as echoes`);
      }
    } catch (error) {
      if (!refused(error, ['auth'])) throw error;
      report.missing.push(`${credential} is refused by GitHub (${error.message}); make a new token and put it in ${connection.auth.tokenEnv}`);
      return report;
    }
  }

  try {
    const { data: repo } = await call('read repository', () => octokit.rest.repos.get({ owner: connection.owner, repo: connection.repo }));
    report.ok.push(`repository ${where} is visible`);
    if (!repo.has_issues) report.missing.push(`issues are turned off in ${where} (Settings → Features → Issues)`);
    const permissions = repo.permissions;
    if (permissions && !(permissions.push || permissions.triage || permissions.maintain || permissions.admin)) {
      report.missing.push(`write access to ${where} (triage or write role) for ${report.identity?.id ?? credential}: without it issues can be opened but not labelled, assigned or closed`);
    } else if (permissions) {
      report.ok.push(`may create, label and edit issues in ${where}`);
    }
  } catch (error) {
    if (!refused(error, ['auth', 'not_found'])) throw error;
    const detail = connection.auth.type === 'app' ? `install the app on ${where} with the Issues permission (read and write)` : `give the token access to ${where} (fine-grained: Issues read and write)`;
    report.missing.push(`${credential} cannot see repository ${where} (${error.kind === 'auth' ? 'refused' : 'not found'}): ${detail}`);
  }
  return report;
}
