import type { Role } from './roles.ts';

/** Who is calling: for now an API token; the web issue adds signed-in users. */
export interface Principal {
  readonly tokenId: number;
  readonly name: string;
  readonly role: Role;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      principal?: Principal;
    }
  }
}
