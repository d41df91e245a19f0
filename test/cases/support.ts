import { createTestApp, seedTaxonomy, type TestApp } from '../support/app.ts';

export interface CaseWorld {
  t: TestApp;
  ux: Awaited<ReturnType<TestApp['addUser']>>;
  dev: Awaited<ReturnType<TestApp['addUser']>>;
  agent: Awaited<ReturnType<TestApp['addUser']>>;
}

/** An app with the test taxonomy, a UX analyst, a developer and a customer-service agent. */
export async function createCaseWorld(): Promise<CaseWorld> {
  const t = await createTestApp();
  await seedTaxonomy(t);
  const ux = await t.addUser({ email: 'kari@example.no', name: 'Kari Nordmann', role: 'analyst' });
  const dev = await t.addUser({ email: 'ola@example.no', name: 'Ola Utvikler', role: 'agent' });
  const agent = await t.addUser({ email: 'per@example.no', name: 'Per Kundesenter', role: 'agent' });
  return { t, ux, dev, agent };
}

/** What a refined case holds once FINN's workshop is done. */
export const refined = (ownerId: number) => ({
  currentState: 'SMS payments hang; 24 inquiries on 1 November.',
  rootCauses: [
    { text: 'The supplier times out under load', category: 'technical' },
    { text: 'No message tells the user the payment is pending', category: 'content' },
  ],
  desiredState: 'SMS payment inquiries back at their September level.',
  target: { metric: 'ratePerDay', max: 4 },
  ownerId,
});
