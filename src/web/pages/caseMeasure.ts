import { Router } from 'express';
import { actorName } from '../../auth/principal.ts';
import type { AppContext } from '../../context.ts';
import { measurementBody } from '../../followups/schemas.ts';
import { measureNow } from '../../followups/service.ts';
import { MeasurementWindowError } from '../../followups/windows.ts';
import { AppError } from '../../http/errors.ts';
import { field, fieldErrors, type FieldErrors } from '../http/forms.ts';
import { flash, localeOf, tr } from '../http/page.ts';
import { requirePage } from '../http/signedIn.ts';
import { pageCaseId } from './caseEdits.ts';
import { showCase } from './casePage.ts';

/** Form text as the API's JSON would carry it: digits become a number, anything else stays text for the schema to refuse. */
const windowDaysOf = (text: string) => (text === '' ? undefined : /^[+-]?\d+(\.\d+)?$/.test(text) ? Number(text) : text);

/** The field a refusal of the measurement service is about, so it is shown next to that field. */
function fieldOfRefusal(error: AppError): string {
  if (error instanceof MeasurementWindowError) return error.problem === 'invalid_length' ? 'windowDays' : 'asOf';
  const details = error.details as { latestAsOf?: string } | undefined;
  return details?.latestAsOf ? 'asOf' : 'form';
}

const isMeasureRefusal = (error: unknown): error is AppError =>
  error instanceof AppError && ['INVALID_INPUT', 'CONFLICT', 'UNPROCESSABLE'].includes(error.code);

/** "Measure now": a manual follow-up measurement from the case page, by the same rules and service as the API. */
export function caseMeasureRoutes(ctx: AppContext): Router {
  const router = Router();

  router.post('/cases/:id/measurements', ...requirePage('editCases'), async (req, res) => {
    const caseId = pageCaseId(req);
    const values = { asOf: field(req.body, 'asOf').trim(), windowDays: field(req.body, 'windowDays').trim() };
    const replay = (errors: FieldErrors) => showCase(ctx, req, res, caseId, { form: 'measure', values, errors }, 400);
    // The API's own schema judges the form, so the page refuses exactly what the API refuses.
    const parsed = measurementBody.safeParse({ asOf: values.asOf || undefined, windowDays: windowDaysOf(values.windowDays) });
    if (!parsed.success) return replay(fieldErrors(parsed.error, tr(res)));
    let sentence: string;
    try {
      const measured = await measureNow(ctx, caseId, { ...parsed.data, createdBy: actorName(req.principal!) });
      sentence = localeOf(res) === 'nb' ? measured.sentence.nb : measured.sentence.en;
    } catch (error) {
      if (!isMeasureRefusal(error)) throw error;
      return replay({ [fieldOfRefusal(error)]: error.message });
    }
    flash(req, { kind: 'success', key: 'cases.measure.done', params: { sentence } });
    res.redirect(303, `/cases/${caseId}#measurements-heading`);
  });
  return router;
}
