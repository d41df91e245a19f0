import type { Request, Response } from 'express';
import { can, type Permission } from '../../auth/roles.ts';
import { LOCALES, translator, type Locale, type MessageKey, type Translate } from '../i18n/index.ts';
import { viewEngine } from '../views/engine.ts';
import type { Flash } from './session.ts';

const NAV: Array<{ href: string; label: MessageKey; permission: Permission }> = [
  { href: '/log', label: 'nav.log', permission: 'logInquiries' },
  { href: '/dashboard', label: 'nav.dashboard', permission: 'readStats' },
  { href: '/spikes', label: 'nav.spikes', permission: 'readSpikes' },
  { href: '/cases', label: 'nav.cases', permission: 'readCases' },
  { href: '/journey', label: 'nav.journey', permission: 'readStats' },
  { href: '/fixed', label: 'nav.fixed', permission: 'readCases' },
  { href: '/reports', label: 'nav.reports', permission: 'readReports' },
  // The admin hub shows each person the sections their role may manage (analysts: topics and markets).
  { href: '/admin', label: 'nav.admin', permission: 'manageTaxonomy' },
];

const LANGUAGE_NAMES: Record<Locale, string> = { en: 'English', nb: 'Norsk bokmål' };

export interface PageOptions {
  status?: number;
  /** The page has a form an anonymous visitor submits (sign-in, set-up): keep the session for its CSRF token. */
  anonymousForm?: boolean;
}

export const localeOf = (res: Response): Locale => (res.locals.locale as Locale | undefined) ?? 'en';
export const tr = (res: Response): Translate => translator(localeOf(res));

/** Adds a message to show on the next page rendered for this session (after a redirect). */
export function flash(req: Request, message: Flash): void {
  req.session.flash = [...(req.session.flash ?? []), message];
}

function languageLinks(req: Request, current: Locale) {
  return LOCALES.map((locale) => {
    const url = new URL(req.originalUrl, 'http://page.invalid');
    url.searchParams.set('lang', locale);
    return { locale, name: LANGUAGE_NAMES[locale], href: `${url.pathname}${url.search}`, current: locale === current };
  });
}

/** Renders a page in the layout with what every page needs: language, user, navigation, CSRF token, messages. */
export function render(req: Request, res: Response, view: string, data: { title: string; [field: string]: unknown }, options: PageOptions = {}): void {
  const locale = localeOf(res);
  const principal = req.principal;
  if (options.anonymousForm && !principal && req.session) {
    req.session.anonymous = true;
    req.session.cookie.maxAge = 3_600_000;
  }
  const wantsToken = Boolean(principal) || options.anonymousForm;
  const csrfToken = wantsToken && req.csrfToken ? req.csrfToken() : '';
  const messages = req.session?.flash ?? [];
  if (req.session?.flash) delete req.session.flash;
  const t = translator(locale);
  const html = viewEngine().render(view, {
    ...data,
    locale,
    timeZone: res.locals.timeZone as string,
    csrfToken,
    user: principal ? { name: principal.name, role: principal.role } : null,
    nav: principal
      ? NAV.filter((item) => can(principal.role, item.permission)).map((item) => ({ ...item, current: req.path === item.href || req.path.startsWith(`${item.href}/`) }))
      : [],
    flash: messages.map((m) => ({ kind: m.kind, text: t(m.key as MessageKey, m.params) })),
    languages: languageLinks(req, locale),
  });
  // Pages carry personal data and CSRF tokens: never cached, by the browser or anyone between.
  res.status(options.status ?? 200).set('Cache-Control', 'no-store').type('html').send(html);
}
