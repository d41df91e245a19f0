/** UI text for the journey pages, English and Bokmål side by side; en.ts and nb.ts merge it in. */
export const journeyEn = {
  'nav.journey': 'Journey',
} as const;

export const journeyNb: Record<keyof typeof journeyEn, string> = {
  'nav.journey': 'Kundereisen',
};
