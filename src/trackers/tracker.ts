/**
 * The tracker port: what the rest of Pinchpoint may ask of Jira or GitHub. Adapters translate;
 * they hold no domain rules (which case an issue belongs to, what "done" does to a case).
 *
 * Bodies and comments are passed as *tracker markup*: the small Markdown subset the templates
 * in `templates/trackers/` produce (see `bodies/markup.ts`). GitHub takes it as Markdown; the
 * Jira adapter turns it into Atlassian Document Format.
 */

export type TrackerKind = 'jira' | 'github';

/** `closed_not_done`: closed without the work being done (GitHub `not_planned`). */
export type IssueState = 'open' | 'done' | 'closed_not_done';

export interface IssueRef {
  /** Jira issue key (`PLAT-12`) or GitHub issue number (`12`); unique within a connection. */
  key: string;
  /** The issue's page for people. */
  url: string;
}

export interface IssueDraft {
  title: string;
  /** Tracker markup. */
  body: string;
  /** Added to the connection's own labels. */
  labels?: string[];
  /** Our user's e-mail; mapped through the connection's assignees, left unassigned when unmapped. */
  assigneeEmail?: string | null;
  /**
   * A token unique to the link (`pinchpoint-link-12`) stored invisibly with the issue, so
   * `findIssueByMarker` can tell whether a create that may have failed did reach the tracker.
   */
  marker?: string;
}

export interface IssueChanges {
  title?: string;
  body?: string;
  /** Labels to make sure are present; labels the team added themselves are kept. */
  labels?: string[];
  /** The link's marker again, so a rewritten body keeps it (see IssueDraft.marker). */
  marker?: string;
}

/** What `checkAccess` found: who the credentials act as, what works, and what is missing. */
export interface AccessReport {
  identity: TrackerActor | null;
  /** One line per check that passed. */
  ok: string[];
  /** One sentence per missing credential or permission, naming it and where; empty when all is well. */
  missing: string[];
}

export interface IssueSnapshot extends IssueRef {
  title: string;
  state: IssueState;
  /** The tracker's own words: Jira's status name, GitHub's `open`/`closed (completed)`. */
  statusName: string;
  /** When the work was finished (Jira resolution date, GitHub closed_at); null unless done or closed. */
  resolvedAt: Date | null;
  updatedAt: Date;
}

export interface CommentRef {
  id: string;
  url: string | null;
}

export interface TrackerActor {
  /** Jira accountId or GitHub login. */
  id: string;
  name: string;
}

/** One webhook request exactly as it arrived; the signature is over these bytes. */
export interface WebhookDelivery {
  rawBody: Buffer | string;
  headers: Readonly<Record<string, string | string[] | undefined>>;
}

interface EventBase {
  /** The tracker's delivery id, for dedupe. Redeliveries carry the same id. */
  deliveryId: string;
  issueKey: string;
  at: Date;
  sender: TrackerActor | null;
  /** The sender is the connection's sync account: an echo of our own write. */
  fromSyncAccount: boolean;
}

export type StatusChange = 'done' | 'reopened' | 'closed_not_done' | 'moved';

export interface StatusChangedEvent extends EventBase {
  type: 'status_changed';
  /**
   * `done`: finished; `closed_not_done`: closed without the work (GitHub not_planned);
   * `reopened`: taken back from done or closed; `moved`: another open status (Jira To Do → In Progress).
   */
  change: StatusChange;
  state: IssueState;
  statusName: string;
  resolvedAt: Date | null;
}

export interface CommentAddedEvent extends EventBase {
  type: 'comment_added';
  commentId: string;
  /** The comment as the tracker delivered it (Markdown on GitHub, wiki text or ADF text on Jira). */
  bodyText: string;
}

export interface IgnoredEvent {
  type: 'ignored';
  deliveryId: string | null;
  /** Why nothing needs doing, e.g. `github issues.labeled`. */
  reason: string;
}

export type TrackerEvent = StatusChangedEvent | CommentAddedEvent | IgnoredEvent;

export interface Tracker {
  readonly kind: TrackerKind;
  readonly connectionName: string;
  createIssue(draft: IssueDraft): Promise<IssueRef>;
  /**
   * The issue created with this marker at or after `createdSince`, or null. Used before a
   * create is repeated, so a create whose answer was lost never makes a second issue.
   */
  findIssueByMarker(marker: string, createdSince: Date): Promise<IssueRef | null>;
  /** Who the credentials act as and whether they may create, edit and comment on issues here. */
  checkAccess(): Promise<AccessReport>;
  updateIssue(key: string, changes: IssueChanges): Promise<void>;
  addComment(key: string, body: string): Promise<CommentRef>;
  readIssue(key: string): Promise<IssueSnapshot>;
  /**
   * Issues of this connection updated at or after `since`, oldest first, fetched page by page.
   * `asOf` is our clock's now, used where the tracker only knows relative times.
   */
  listIssuesUpdatedSince(window: { since: Date; asOf: Date }): AsyncIterable<IssueSnapshot>;
  /** True only when the delivery is signed with the current or the previous webhook secret. */
  verifyWebhook(delivery: WebhookDelivery): Promise<boolean>;
  /** Normalises a verified delivery; a payload that is not the tracker's shape is a TrackerError `invalid`. */
  parseWebhook(delivery: WebhookDelivery): TrackerEvent;
}
