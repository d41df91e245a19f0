/** UI text for the admin pages, English and Bokmål side by side; en.ts and nb.ts merge it in. */
export const adminEn = {
  'nav.admin': 'Admin',
} as const;

export const adminNb: Record<keyof typeof adminEn, string> = {
  'nav.admin': 'Administrasjon',
};
