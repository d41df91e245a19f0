import { githubConnectionSchema, jiraConnectionSchema, type TrackerConnection } from '../../trackers/connection.ts';
import { field, type FieldErrors } from '../http/forms.ts';
import type { MessageKey, Translate } from '../i18n/index.ts';

export type TrackerKind = 'jira' | 'github';

/** Every field of the connection form; each kind shows the ones it uses. */
export const TRACKER_FIELDS = [
  'name', 'baseUrl', 'projectKey', 'issueType', 'component', 'owner', 'repo', 'labels',
  'authType', 'authEmail', 'tokenEnv', 'appId', 'privateKeyEnv', 'installationId',
  'syncAccount', 'webhookSecretEnv', 'previousWebhookSecretEnv', 'assignees', 'team', 'market',
] as const;
export type TrackerValues = Record<(typeof TRACKER_FIELDS)[number], string>;

export const AUTH_TYPES: Record<TrackerKind, string[]> = { jira: ['basic', 'oauth'], github: ['token', 'app'] };

export function formValues(body: unknown): TrackerValues {
  return Object.fromEntries(TRACKER_FIELDS.map((name) => [name, field(body, name).trim()])) as TrackerValues;
}

/** The form as a stored connection shows it: secrets only ever as the names of variables. */
export function valuesOf(config: TrackerConnection, placement: { team: string | null; market: string | null }): TrackerValues {
  const auth = config.auth as Record<string, unknown>;
  const text = (value: unknown) => (value === undefined || value === null ? '' : String(value));
  return {
    name: config.name,
    baseUrl: config.baseUrl,
    projectKey: config.kind === 'jira' ? config.projectKey : '',
    issueType: config.kind === 'jira' ? config.issueType : '',
    component: config.kind === 'jira' ? text(config.component) : '',
    owner: config.kind === 'github' ? config.owner : '',
    repo: config.kind === 'github' ? config.repo : '',
    labels: config.labels.join(', '),
    authType: config.auth.type,
    authEmail: text(auth.email),
    tokenEnv: text(auth.tokenEnv),
    appId: text(auth.appId),
    privateKeyEnv: text(auth.privateKeyEnv),
    installationId: text(auth.installationId),
    syncAccount: text(config.kind === 'jira' ? config.syncAccountId : config.syncAccountLogin),
    webhookSecretEnv: text(config.webhookSecretEnv),
    previousWebhookSecretEnv: text(config.previousWebhookSecretEnv),
    assignees: Object.entries(config.assignees).map(([email, id]) => `${email} = ${id}`).join('\n'),
    team: text(placement.team),
    market: text(placement.market),
  };
}

const orUndefined = (value: string) => (value === '' ? undefined : value);

/** "a@x.no = 5b10…" per line; undefined when a line is not of that shape. */
function parseAssignees(text: string): Record<string, string> | undefined {
  const map: Record<string, string> = {};
  for (const line of text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean)) {
    const match = /^(\S+)\s*=\s*(\S.*)$/.exec(line);
    if (!match) return undefined;
    map[match[1]!] = match[2]!.trim();
  }
  return map;
}

function authOf(kind: TrackerKind, v: TrackerValues): Record<string, unknown> {
  if (kind === 'jira') return v.authType === 'oauth' ? { type: 'oauth', tokenEnv: orUndefined(v.tokenEnv) } : { type: v.authType || 'basic', email: orUndefined(v.authEmail), tokenEnv: orUndefined(v.tokenEnv) };
  if (v.authType === 'app') return { type: 'app', appId: orUndefined(v.appId), privateKeyEnv: orUndefined(v.privateKeyEnv), installationId: orUndefined(v.installationId) };
  return { type: v.authType || 'token', tokenEnv: orUndefined(v.tokenEnv) };
}

/** Form field for a problem the connection schema found, by its path. */
function fieldOf(path: PropertyKey[]): keyof TrackerValues {
  const [first, second] = path.map(String);
  if (first === 'auth') return second === 'email' ? 'authEmail' : second === 'type' ? 'authType' : ((second ?? 'authType') as keyof TrackerValues);
  if (first === 'syncAccountId' || first === 'syncAccountLogin') return 'syncAccount';
  return ((TRACKER_FIELDS as readonly string[]).includes(first ?? '') ? first : 'name') as keyof TrackerValues;
}

const MESSAGE_BY_FIELD: Partial<Record<keyof TrackerValues, MessageKey>> = {
  baseUrl: 'admin.trackers.badUrl',
  projectKey: 'admin.trackers.projectKey',
  tokenEnv: 'admin.trackers.envName',
  privateKeyEnv: 'admin.trackers.envName',
  webhookSecretEnv: 'admin.trackers.envName',
  previousWebhookSecretEnv: 'admin.trackers.envName',
  authEmail: 'form.email',
  assignees: 'admin.trackers.assigneesFormat',
  appId: 'admin.trackers.positiveNumber',
  installationId: 'admin.trackers.positiveNumber',
  authType: 'admin.trackers.authType',
  labels: 'admin.trackers.labels',
};

/**
 * Builds a connection's settings from the form and checks them with the adapters' own schema, so
 * the page and the API agree on what is valid; each problem is named at its field, in the page's
 * language where we know the rule.
 */
export function settingsFromForm(kind: TrackerKind, v: TrackerValues, t: Translate): { settings?: TrackerConnection; errors: FieldErrors } {
  const assignees = parseAssignees(v.assignees);
  const errors: FieldErrors = {};
  if (!assignees) errors.assignees = t('admin.trackers.assigneesFormat');
  const common = {
    name: orUndefined(v.name),
    labels: v.labels.split(/[,\s]+/).filter(Boolean),
    assignees: assignees ?? {},
    auth: authOf(kind, v),
    webhookSecretEnv: orUndefined(v.webhookSecretEnv),
    previousWebhookSecretEnv: orUndefined(v.previousWebhookSecretEnv),
  };
  const input =
    kind === 'jira'
      ? { ...common, kind, baseUrl: orUndefined(v.baseUrl), projectKey: orUndefined(v.projectKey), issueType: orUndefined(v.issueType), component: v.component || null, syncAccountId: v.syncAccount || null }
      : { ...common, kind, baseUrl: orUndefined(v.baseUrl), owner: orUndefined(v.owner), repo: orUndefined(v.repo), syncAccountLogin: v.syncAccount || null };
  const parsed = (kind === 'jira' ? jiraConnectionSchema : githubConnectionSchema).safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = fieldOf(issue.path);
      const known = MESSAGE_BY_FIELD[name];
      errors[name] ??= v[name] === '' && name !== 'labels' ? t('form.required') : known ? t(known) : issue.message;
    }
  }
  return Object.keys(errors).length || !parsed.success ? { errors } : { settings: parsed.data, errors };
}
