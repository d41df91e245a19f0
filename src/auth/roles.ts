export const ROLES = ['agent', 'analyst', 'leader', 'admin', 'ingest'] as const;
export type Role = (typeof ROLES)[number];

/** Who may do what. `ingest` tokens exist for machines that only post inquiries. */
export const PERMISSIONS = {
  logInquiries: ['agent', 'analyst', 'admin', 'ingest'],
  readInquiries: ['agent', 'analyst', 'leader', 'admin'],
  /** People take back what they logged; an ingest machine never deletes. */
  deleteOwnInquiries: ['agent', 'analyst', 'admin'],
  deleteAnyInquiry: ['analyst', 'admin'],
  readStats: ['agent', 'analyst', 'leader', 'admin'],
  /** Survey answers come from survey tools and analysts' files, not from the phone log. */
  logResponses: ['analyst', 'admin', 'ingest'],
  /** Answers carry customers' comments. */
  readResponses: ['agent', 'analyst', 'leader', 'admin'],
  manageJourney: ['analyst', 'admin'],
  readTaxonomy: ['agent', 'analyst', 'leader', 'admin'],
  manageTaxonomy: ['analyst', 'admin'],
  readCases: ['agent', 'analyst', 'leader', 'admin'],
  editCases: ['analyst', 'admin'],
  /** Action owners may also move their own actions; the service checks ownership. */
  updateActions: ['agent', 'analyst', 'leader', 'admin'],
  commentOnCases: ['agent', 'analyst', 'leader', 'admin'],
  manageUsers: ['admin'],
  readSpikes: ['agent', 'analyst', 'leader', 'admin'],
  triageSpikes: ['analyst', 'admin'],
  manageNotifications: ['admin'],
  /** Case reports for leadership (HTML and JSON). */
  readReports: ['agent', 'analyst', 'leader', 'admin'],
  /** Tracker connections hold where secrets live and where issues go. */
  manageTrackers: ['admin'],
  linkTrackers: ['analyst', 'admin'],
  /** Help-desk connectors name secrets and decide how tickets become inquiries. */
  manageConnectors: ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}
