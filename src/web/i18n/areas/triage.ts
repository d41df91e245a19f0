/** UI text for the triage pages, English and Bokmål side by side; en.ts and nb.ts merge it in. */
export const triageEn = {
  'nav.triage': 'Triage',
} as const;

export const triageNb: Record<keyof typeof triageEn, string> = {
  'nav.triage': 'Prioritering',
};
