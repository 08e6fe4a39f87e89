/**
 * The message list's tab scope (roving focus): the list is one tab stop, and Tab from a message goes
 * through that message's own controls only, then out of the list. Every other message's controls
 * are taken out of the tab order (tabindex -1) and given back, as they were, when it becomes current.
 */

/** A message in the list: a stored one (by id) or one from the outbox (by its client id). */
export const ITEM = 'article[data-message-id], article[data-client-msg-id]';

/** What can take focus inside a message (its buttons, links, the edit form, a picker). */
const CONTROLS = 'a[href], button, input, select, textarea, summary, [tabindex], [contenteditable]';

/** Where the control's own tabindex is kept while it is out of scope ('' for none). */
const SAVED = 'data-scope-tabindex';

const PENDING = 'p:';

/** The list's row key of a message element: its id, or `p:` and the client id for a pending one. */
export function rowKeyOf(data: { messageId?: string; clientMsgId?: string }): string | null {
  if (data.messageId) return data.messageId;
  return data.clientMsgId ? `${PENDING}${data.clientMsgId}` : null;
}

/** The row key of an outbox item (MessageList's rows and `rowKeyOf` agree on it). */
export const pendingKey = (clientMsgId: string) => `${PENDING}${clientMsgId}`;

/** The selector of the message element with this row key. */
export function itemSelector(key: string): string {
  return key.startsWith(PENDING)
    ? `article[data-client-msg-id="${CSS.escape(key.slice(PENDING.length))}"]`
    : `article[data-message-id="${CSS.escape(key)}"]`;
}

export interface TabState {
  /** The control's tabindex attribute (null: none). */
  attr: string | null;
  /** What was kept of its own tabindex while out of scope (null: nothing kept). */
  saved: string | null;
}

/**
 * One control's tabindex after a scope change. Out of scope it is -1, its own value kept; in scope
 * its own value comes back. React may rewrite a tabindex it renders (the emoji grid's): a value
 * other than -1 found out of scope is taken as the control's own.
 */
export function nextTabState(now: TabState, inScope: boolean): TabState {
  if (inScope) {
    if (now.saved === null) return now;
    return { attr: now.saved === '' ? null : now.saved, saved: null };
  }
  if (now.saved !== null && now.attr === '-1') return now;
  return { attr: '-1', saved: now.attr ?? '' };
}

function apply(el: Element, inScope: boolean) {
  const now = { attr: el.getAttribute('tabindex'), saved: el.getAttribute(SAVED) };
  const next = nextTabState(now, inScope);
  if (next.attr === now.attr && next.saved === now.saved) return;
  if (next.attr === null) el.removeAttribute('tabindex');
  else el.setAttribute('tabindex', next.attr);
  if (next.saved === null) el.removeAttribute(SAVED);
  else el.setAttribute(SAVED, next.saved);
}

/** Scopes the controls of every message under `root` to the one with row key `current`. */
export function scopeTabs(root: HTMLElement, current: string | null) {
  for (const item of root.querySelectorAll<HTMLElement>(ITEM)) {
    const inScope = current !== null && rowKeyOf(item.dataset) === current;
    for (const el of item.querySelectorAll(CONTROLS)) apply(el, inScope);
  }
}
