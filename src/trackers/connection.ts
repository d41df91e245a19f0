import { z } from 'zod';
import { TrackerConfigError } from './errors.ts';

/** An environment variable's name: secrets never sit in a connection, only where to find them. */
const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name such as JIRA_TOKEN_PLATFORM');
const httpUrl = z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, ''));

/** Our user's e-mail → the tracker's user (Jira accountId, GitHub login). */
const assigneeMap = z.record(z.email(), z.string().min(1)).default({});

const webhookSecrets = {
  /** The secret the tracker signs webhooks with now. */
  webhookSecretEnv: envName.optional(),
  /** The secret before a rotation; accepted until the operator removes it. */
  previousWebhookSecretEnv: envName.optional(),
};

export const jiraConnectionSchema = z.object({
  kind: z.literal('jira'),
  name: z.string().min(1),
  baseUrl: httpUrl,
  projectKey: z.string().regex(/^[A-Z][A-Z0-9_]+$/, 'must be a Jira project key such as PLAT'),
  issueType: z.string().min(1).default('Task'),
  labels: z.array(z.string().regex(/^\S+$/, 'Jira labels cannot contain spaces')).default([]),
  component: z.string().min(1).nullable().default(null),
  assignees: assigneeMap,
  auth: z.discriminatedUnion('type', [
    z.object({ type: z.literal('basic'), email: z.email(), tokenEnv: envName }),
    z.object({ type: z.literal('oauth'), tokenEnv: envName }),
  ]),
  /** The accountId our writes are made as, so their webhook echoes are recognised. */
  syncAccountId: z.string().min(1).nullable().default(null),
  ...webhookSecrets,
});

export const githubConnectionSchema = z.object({
  kind: z.literal('github'),
  name: z.string().min(1),
  baseUrl: httpUrl.default('https://api.github.com'),
  owner: z.string().min(1),
  repo: z.string().min(1),
  labels: z.array(z.string().min(1)).default([]),
  assignees: assigneeMap,
  auth: z.discriminatedUnion('type', [
    z.object({ type: z.literal('token'), tokenEnv: envName }),
    z.object({ type: z.literal('app'), appId: z.coerce.number().int().positive(), privateKeyEnv: envName, installationId: z.coerce.number().int().positive() }),
  ]),
  /** The login our writes are made as (the PAT's user or `<app-slug>[bot]`). */
  syncAccountLogin: z.string().min(1).nullable().default(null),
  ...webhookSecrets,
});

/** One configured tracker connection as plain data (stored per team/market, parsed on load). */
export const trackerConnectionSchema = z.discriminatedUnion('kind', [jiraConnectionSchema, githubConnectionSchema]);

export type JiraConnection = z.infer<typeof jiraConnectionSchema>;
export type GithubConnection = z.infer<typeof githubConnectionSchema>;
export type TrackerConnection = z.infer<typeof trackerConnectionSchema>;
export type TrackerConnectionInput = z.input<typeof trackerConnectionSchema>;

export type SecretSource = Readonly<Record<string, string | undefined>>;

/** Reads one secret by name; a missing or blank variable is an error that names it and the connection. */
export function requireSecret(env: SecretSource, name: string, connectionName: string): string {
  const value = env[name];
  if (value === undefined || value.trim() === '') {
    throw new TrackerConfigError(`tracker connection "${connectionName}": environment variable ${name} is not set`);
  }
  return value;
}

/** The webhook secrets a connection accepts (current first); an empty list accepts nothing. */
export function webhookSecretsFor(connection: TrackerConnection, env: SecretSource): string[] {
  const secrets: string[] = [];
  if (connection.webhookSecretEnv) secrets.push(requireSecret(env, connection.webhookSecretEnv, connection.name));
  // A rotation's old secret may already be gone from the environment; that is not an error.
  const previous = connection.previousWebhookSecretEnv ? env[connection.previousWebhookSecretEnv] : undefined;
  if (previous && previous.trim() !== '') secrets.push(previous);
  return secrets;
}
