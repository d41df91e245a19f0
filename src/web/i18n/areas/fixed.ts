/** UI text for the fixed pages, English and Bokmål side by side; en.ts and nb.ts merge it in. */
export const fixedEn = {
  'nav.fixed': 'What we fixed',
} as const;

export const fixedNb: Record<keyof typeof fixedEn, string> = {
  'nav.fixed': 'Dette har vi fikset',
};
