import { fileURLToPath } from 'node:url';
import cookieParser from 'cookie-parser';
import express, { Router } from 'express';
import type { AppContext } from '../context.ts';
import { cookiePolicy } from './http/cookies.ts';
import { csrf } from './http/csrf.ts';
import { pageErrorHandler, pageNotFound } from './http/errors.ts';
import { securityHeaders } from './http/security.ts';
import { loadSecret, sessions, type SecretHolder } from './http/session.ts';
import { sessionPrincipal } from './http/signedIn.ts';
import type { SignInLimits } from './http/rateLimit.ts';
import { adminPageRoutes } from './pages/admin.ts';
import { adminUserRoutes } from './pages/adminUsers.ts';
import { casePageRoutes } from './pages/cases.ts';
import { dashboardRoutes } from './pages/dashboard.ts';
import { fixedPageRoutes } from './pages/fixed.ts';
import { homeRoutes } from './pages/home.ts';
import { journeyPageRoutes } from './pages/journey.ts';
import { logRoutes } from './pages/log.ts';
import { reportsPageRoutes } from './pages/reports.ts';
import { setupRoutes } from './pages/setup.ts';
import { signInRoutes } from './pages/signIn.ts';
import { spikePageRoutes } from './pages/spikes.ts';
import { topicRoutes } from './pages/topic.ts';
import { triagePageRoutes } from './pages/triage.ts';

const STATIC_DIR = fileURLToPath(new URL('../../templates/static/', import.meta.url));

export interface WebOptions {
  /** Sign-in limits; tests lower them. */
  signInLimits?: SignInLimits;
}

/**
 * The server-rendered pages: security headers, static files, sessions, CSRF on every form, then the
 * pages. Mounted after /api/v1, which never reaches it; unknown non-HTML requests fall through to the
 * API's JSON 404.
 */
export function webRoutes(ctx: AppContext, options: WebOptions = {}): Router {
  const router = Router();
  const policy = cookiePolicy(ctx.config);
  const secret: SecretHolder = {};
  const { doubleCsrfProtection } = csrf(policy, secret);

  router.use(securityHeaders());
  router.use('/static', express.static(STATIC_DIR, { maxAge: '1h', index: false }));
  router.use(cookieParser());
  router.use(loadSecret(ctx, secret));
  router.use(sessions(ctx, policy, secret));
  router.use(express.urlencoded({ extended: false, limit: '100kb', parameterLimit: 100 }));
  router.use(sessionPrincipal(ctx));
  router.use(doubleCsrfProtection);

  router.use(homeRoutes());
  router.use(signInRoutes(ctx, policy, options.signInLimits));
  router.use(setupRoutes(ctx));
  router.use(logRoutes(ctx));
  router.use(dashboardRoutes(ctx));
  router.use(topicRoutes(ctx));
  router.use(spikePageRoutes(ctx));
  // Before the case pages, so /cases/triage is not read as a case id.
  router.use(triagePageRoutes(ctx));
  router.use(casePageRoutes(ctx));
  router.use(journeyPageRoutes(ctx));
  router.use(fixedPageRoutes(ctx));
  router.use(reportsPageRoutes(ctx));
  router.use(adminUserRoutes(ctx));
  router.use(adminPageRoutes(ctx));

  router.use(pageNotFound);
  router.use(pageErrorHandler);
  return router;
}
