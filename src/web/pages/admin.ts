import { Router } from 'express';
import { can, type Permission } from '../../auth/roles.ts';
import type { AppContext } from '../../context.ts';
import { render, tr } from '../http/page.ts';
import { requirePage } from '../http/signedIn.ts';
import type { MessageKey } from '../i18n/index.ts';
import { adminNotificationRoutes } from './adminNotifications.ts';
import { adminTaxonomyRoutes } from './adminTaxonomy.ts';
import { adminTokenRoutes } from './adminTokens.ts';
import { adminTrackerRoutes } from './adminTrackers.ts';

/** The hub's sections, each shown only to roles that may manage it (the same table the API enforces). */
const SECTIONS: Array<{ href: string; title: MessageKey; about: MessageKey; permission: Permission }> = [
  { href: '/admin/topics', title: 'admin.topics.title', about: 'admin.hub.topics', permission: 'manageTaxonomy' },
  { href: '/admin/markets', title: 'admin.markets.title', about: 'admin.hub.markets', permission: 'manageTaxonomy' },
  { href: '/admin/users', title: 'users.title', about: 'admin.hub.users', permission: 'manageUsers' },
  // Tokens can act as any role, so only those who manage people may hand them out.
  { href: '/admin/tokens', title: 'admin.tokens.title', about: 'admin.hub.tokens', permission: 'manageUsers' },
  { href: '/admin/trackers', title: 'admin.trackers.title', about: 'admin.hub.trackers', permission: 'manageTrackers' },
  { href: '/admin/notifications', title: 'admin.notify.title', about: 'admin.hub.notify', permission: 'manageNotifications' },
];

/** The admin hub: topics and markets, API tokens, tracker connections, notification targets. */
export function adminPageRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/admin', ...requirePage('manageTaxonomy'), (req, res) => {
    const t = tr(res);
    const sections = SECTIONS.filter((s) => can(req.principal!.role, s.permission));
    render(req, res, 'admin-hub', { title: t('admin.title'), sections });
  });
  router.use(adminTaxonomyRoutes(ctx));
  router.use(adminTokenRoutes(ctx));
  router.use(adminTrackerRoutes(ctx));
  router.use(adminNotificationRoutes(ctx));
  return router;
}
