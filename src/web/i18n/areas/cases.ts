/** UI text for the cases pages, English and Bokmål side by side; en.ts and nb.ts merge it in. */
export const casesEn = {
  'nav.cases': 'Cases',
} as const;

export const casesNb: Record<keyof typeof casesEn, string> = {
  'nav.cases': 'Saker',
};
