import { caseInProgress, createCaseWorld, type CaseWorld } from '../followups/support.ts';

export { createCaseWorld, type CaseWorld };

/**
 * A case taken by hand from nothing to `resolved` through the API, as UX staff would: refined, in
 * progress, fix shipped on `fixDay`, verifying, resolved.
 */
export async function resolvedCase(w: CaseWorld, body: Record<string, unknown> = {}, fixDay = '2026-11-10'): Promise<{ id: number; key: string }> {
  const created = await caseInProgress(w, { title: 'SMS payment hangs', topics: ['sms-payment'], markets: ['torget'], ...body });
  await w.ux.as.post(`/api/v1/cases/${created.key}/fix-shipped`).send({ shippedAt: `${fixDay}T10:00:00Z` }).expect(200);
  for (const status of ['verifying', 'resolved']) {
    await w.ux.as.post(`/api/v1/cases/${created.key}/status`).send({ status }).expect(200);
  }
  return created;
}
