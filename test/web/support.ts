import * as cheerio from 'cheerio';
import supertest from 'supertest';
import type { TestApp } from '../support/app.ts';
import { createUser } from '../../src/users/service.ts';
import { setPasswordNow } from '../../src/users/setupLinks.ts';

export const PASSWORD = 'correct horse battery';

export type Browser = ReturnType<typeof supertest.agent>;

/** A person who can sign in, made through the real services. */
export async function addPerson(t: TestApp, input: { email: string; name?: string; role: 'agent' | 'analyst' | 'leader' | 'admin'; password?: string }): Promise<number> {
  const user = await createUser(t.db.pool, { email: input.email, name: input.name ?? input.email.split('@')[0], role: input.role });
  await setPasswordNow(t.db.pool, { userId: user.id, password: input.password ?? PASSWORD, asOf: t.ctx.now() });
  return user.id;
}

/** A browser-like client: keeps cookies between requests, as a person's browser would. */
export function browser(t: TestApp): Browser {
  return supertest.agent(t.app);
}

export const html = (text: string) => cheerio.load(text);

/** The CSRF token of the first form on a page (every form carries the same one). */
export function csrfOf(page: string): string {
  const token = html(page)('input[name="_csrf"]').first().val();
  if (typeof token !== 'string' || !token) throw new Error('no CSRF token on the page');
  return token;
}

/** Opens a page and submits a form on it with the page's CSRF token, as a browser would. */
export async function submit(client: Browser, pageUrl: string, action: string, fields: Record<string, string>) {
  const page = await client.get(pageUrl).set('Accept', 'text/html');
  return client.post(action).type('form').send({ _csrf: csrfOf(page.text), ...fields });
}

/** Signs in through the sign-in form; returns the client, now carrying the session cookie. */
export async function signIn(t: TestApp, email: string, password = PASSWORD): Promise<Browser> {
  const client = browser(t);
  const res = await submit(client, '/sign-in', '/sign-in', { email, password });
  if (res.status !== 303) throw new Error(`sign-in failed with ${res.status}: ${html(res.text)('main').text().trim().slice(0, 200)}`);
  return client;
}

/** Una the analyst and Kari the agent, signed in: who the case pages are mostly tested as. */
export interface Pair {
  ux: Browser;
  kari: Browser;
  uxId: number;
  kariId: number;
}

export async function signInPair(t: TestApp): Promise<Pair> {
  const uxId = await addPerson(t, { email: 'ux@example.com', name: 'Una Analyst', role: 'analyst' });
  const kariId = await addPerson(t, { email: 'kari@example.com', name: 'Kari Agent', role: 'agent' });
  return { ux: await signIn(t, 'ux@example.com'), kari: await signIn(t, 'kari@example.com'), uxId, kariId };
}

/** The pair, and Lea the leader, who reads the case pages but may not change them. */
export async function signInCast(t: TestApp): Promise<Pair & { leader: Browser }> {
  const pair = await signInPair(t);
  await addPerson(t, { email: 'lea@example.com', name: 'Lea Leader', role: 'leader' });
  return { ...pair, leader: await signIn(t, 'lea@example.com') };
}
