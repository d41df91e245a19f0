import type { Role } from './roles.ts';

/** Who is calling: for now an API token; the web issue adds signed-in users. */
export interface Principal {
  readonly tokenId: number;
  readonly name: string;
  readonly role: Role;
  /** The person the token acts for, if any. */
  readonly userId: number | null;
}

/** How a principal is named in the audit trail and on comments. */
export function actorName(principal: Principal): string {
  return principal.userId ? principal.name : `token:${principal.name}`;
}

/** Who a history line names: the person (or token) that made the change. */
export function actorOf(principal: Principal): { actor: string; actorUserId: number | null } {
  return { actor: actorName(principal), actorUserId: principal.userId };
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      principal?: Principal;
    }
  }
}
