import type pg from 'pg';
import type { Principal } from '../auth/principal.ts';
import { AppError } from '../http/errors.ts';
import { ensurePageToken, getAccount } from '../users/accounts.ts';
import { createUser, getUserByEmail } from '../users/service.ts';

export interface DemoPeople {
  /** The UX designer who refines the demo's cases. */
  ux: Principal;
  /** The team lead who owns them. */
  owner: Principal;
}

const PEOPLE = {
  ux: { email: 'una.ux@demo.invalid', name: 'Una Berg (UX)', role: 'analyst', team: 'UX' },
  owner: { email: 'ola.lead@demo.invalid', name: 'Ola Nordmann (team lead)', role: 'leader', team: 'Product' },
} as const;

/**
 * The demo's people, made once. They have no password, so nobody signs in as them; their `.invalid`
 * addresses can never reach a real mailbox.
 */
export async function ensureDemoPeople(pool: pg.Pool): Promise<DemoPeople> {
  const principalFor = async (person: (typeof PEOPLE)[keyof typeof PEOPLE]): Promise<Principal> => {
    const user = await getUserByEmail(pool, person.email).catch(async (error: unknown) => {
      if (!(error instanceof AppError) || error.code !== 'NOT_FOUND') throw error;
      return createUser(pool, { email: person.email, name: person.name, role: person.role, team: person.team });
    });
    const account = (await getAccount(pool, user.id))!;
    const tokenId = await ensurePageToken(pool, account);
    return { tokenId, name: user.name, role: user.role, userId: user.id };
  };
  return { ux: await principalFor(PEOPLE.ux), owner: await principalFor(PEOPLE.owner) };
}
