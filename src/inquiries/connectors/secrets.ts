/** A connector's setting cannot work as stored (a secret's variable is not set); named so an operator can fix it. */
export class ConnectorConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConnectorConfigError';
  }
}

export type SecretSource = Readonly<Record<string, string | undefined>>;

/**
 * Where secrets are read. A connector names environment variables, which an operator adds and
 * rotates without touching the connector, so they are read as they are now, not through config.
 */
export function secretSource(): SecretSource {
  return process.env;
}

/** One secret by name; a missing or blank variable is an error naming it and the connector. */
export function requireSecret(env: SecretSource, name: string, connector: string): string {
  const value = env[name];
  if (value === undefined || value.trim() === '') {
    throw new ConnectorConfigError(`connector "${connector}": environment variable ${name} is not set`);
  }
  return value;
}

/** The signing secrets a connector accepts, current first; a rotation's old one may already be gone. */
export function signingSecrets(env: SecretSource, names: { current?: string | undefined; previous?: string | undefined }, connector: string): string[] {
  const secrets: string[] = [];
  if (names.current) secrets.push(requireSecret(env, names.current, connector));
  const previous = names.previous ? env[names.previous] : undefined;
  if (previous && previous.trim() !== '') secrets.push(previous);
  return secrets;
}
