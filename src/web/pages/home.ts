import { Router } from 'express';
import { can } from '../../auth/roles.ts';
import { requireSignedIn } from '../http/signedIn.ts';

/** `/` opens each person's daily page: agents log inquiries, everyone else sees where it pinches. */
export function homeRoutes(): Router {
  const router = Router();
  router.get('/', requireSignedIn, (req, res) => {
    const role = req.principal!.role;
    res.redirect(303, role === 'agent' || !can(role, 'readStats') ? '/log' : '/dashboard');
  });
  return router;
}
