import type { Version3Client } from 'jira.js';
import { z } from 'zod';
import type { JiraConnection } from '../connection.ts';
import { TrackerError } from '../errors.ts';
import type { AccessReport } from '../tracker.ts';

type Call = <T>(operation: string, run: () => Promise<T>) => Promise<T>;

/** The project permissions the sync needs, in the words Jira's permission scheme uses. */
const NEEDED = {
  BROWSE_PROJECTS: 'Browse Projects',
  CREATE_ISSUES: 'Create Issues',
  EDIT_ISSUES: 'Edit Issues',
  ADD_COMMENTS: 'Add Comments',
} as const;

const myselfSchema = z.object({ accountId: z.string(), displayName: z.string().optional() });
/** https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-permissions/#api-rest-api-3-mypermissions-get */
const permissionsSchema = z.object({ permissions: z.record(z.string(), z.object({ havePermission: z.boolean() })) });

/**
 * Who a Jira connection acts as (`/myself`) and whether it holds the project permissions the
 * sync needs (`/mypermissions`), each missing one named with the project.
 */
export async function checkJiraAccess(client: Version3Client, connection: JiraConnection, call: Call): Promise<AccessReport> {
  const report: AccessReport = { identity: null, ok: [], missing: [] };
  const project = connection.projectKey;
  const credential = connection.auth.type === 'basic' ? `${connection.auth.email} with the API token in ${connection.auth.tokenEnv}` : `the OAuth token in ${connection.auth.tokenEnv}`;
  try {
    const me = myselfSchema.parse(await call('who am I', () => client.myself.getCurrentUser()));
    report.identity = { id: me.accountId, name: me.displayName ?? me.accountId };
    report.ok.push(`signed in as ${report.identity.name} (${me.accountId})`);
    if (connection.syncAccountId && connection.syncAccountId !== me.accountId) {
      report.missing.push(`syncAccountId is "${connection.syncAccountId}" but the credentials act as "${me.accountId}": our own writes would not be recognised as echoes`);
    }
  } catch (error) {
    if (!(error instanceof TrackerError && error.kind === 'auth')) throw error;
    report.missing.push(`${credential} is refused by Jira at ${connection.baseUrl} (${error.message})`);
    return report;
  }
  try {
    const answer = await call('read my permissions', () => client.permissions.getMyPermissions({ projectKey: project, permissions: Object.keys(NEEDED).join(',') }));
    const { permissions } = permissionsSchema.parse(answer);
    for (const [key, label] of Object.entries(NEEDED)) {
      if (permissions[key]?.havePermission) report.ok.push(`${label} in ${project}`);
      else report.missing.push(`the "${label}" permission (${key}) in project ${project} for ${report.identity.name}`);
    }
  } catch (error) {
    if (!(error instanceof TrackerError && (error.kind === 'not_found' || error.kind === 'invalid'))) throw error;
    report.missing.push(`project ${project} does not exist or is not visible to ${report.identity.name}`);
  }
  return report;
}
