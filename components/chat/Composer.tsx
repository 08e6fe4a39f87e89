'use client';
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { broadcastMention } from '@/shared/mentions';
import { blankBody, longBody } from '@/shared/message-body';
import { AttachButton, AttachmentChips } from './AttachmentChips';
import { useChat } from './ChatProvider';
import { onComposerInsert, withInsert } from './composer-inserts';
import { format, shortcutFormat, type Format, type Formatted } from './format-text';
import { FormatToolbar } from './FormatToolbar';
import { LinkPopover } from './LinkPopover';
import { insertLink, linkFields, linkRange, type LinkFields } from './link-text';
import { Markdown } from './Markdown';
import { MentionMenu, mentionOptions, optionId, type MentionOption } from './MentionMenu';
import { EMPTY_DRAFT, pillLabel, rebase, toWire, withPill, type Draft } from './mention-pills';
import { PillTextarea, replaceInBox } from './PillTextarea';
import type { PendingFile } from './outbox';
import type { ChatFile } from './types';
import { sendLabel } from './upload-queue';
import { usePolicyWarning } from './use-policy-warning';
import { useUploads } from './use-uploads';

// Unsent text per conversation/thread survives switching conversations (not a reload), with the
// mentions picked in it.
const drafts = new Map<string, Draft>();

const MENTION_QUERY = /(^|[\s(])@([\p{L}\p{N}_.'-]{0,30})$/u;

const STILL_UPLOADING = 'The files are still uploading: send once they are up.';

const pendingFile = (f: ChatFile): PendingFile => ({ id: f.id, name: f.name, size: f.size, kind: f.kind });

/** Files on the clipboard, unless it holds formatted text too (a copy from a document pastes its text). */
function pastedFiles(data: DataTransfer): File[] {
  if (data.types.includes('text/html')) return [];
  return [...data.files];
}

/**
 * The message box. Enter sends, Shift+Enter breaks the line, Up on an empty box edits the last
 * message, `@` completes a member's name (shown as an `@Name` pill, sent as `<@userId>`), and the
 * toolbar or its shortcuts format the selection. Files are attached with the paperclip, by dropping
 * them on the conversation or by pasting them; each uploads at once, and the message (its text, or
 * files alone) can be sent when they are all up. Sending never waits: the message goes to the outbox
 * and shows at once as pending.
 */
export function Composer({
  conversationId,
  parentId = null,
  label,
  onEditLast,
  disabled,
}: {
  conversationId: string;
  parentId?: string | null;
  label: string;
  onEditLast?: () => void;
  /** Why posting is not possible here (not a member, archived); the box is replaced by it. */
  disabled?: ReactNode;
}) {
  const { engine, members, nameOf, userId, forVisitor } = useChat();
  const draftKey = `${conversationId}:${parentId ?? ''}`;
  const [draft, setDraftState] = useState(() => drafts.get(draftKey) ?? EMPTY_DRAFT);
  // The latest draft for handlers that run inside the browser's input event (see replaceInBox).
  const current = useRef(draft);
  const { text } = draft;
  const [preview, setPreview] = useState(false);
  const [menu, setMenu] = useState<{ start: number; query: string; index: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The Link popover, and the selection it will link (kept while focus is in the popover).
  const [linking, setLinking] = useState<{ start: number; end: number; fields: LinkFields } | null>(null);
  const ref = useRef<HTMLTextAreaElement>(null);
  const listId = useId();
  const hintId = useId();
  const options = useMemo(
    () => (menu ? mentionOptions(menu.query, members, userId) : []),
    [menu, members, userId],
  );
  const menuOpen = menu !== null && options.length > 0;
  const policy = usePolicyWarning(engine, conversationId, parentId, text);
  const uploads = useUploads(conversationId, parentId);
  const { summary } = uploads;
  const canSend = (text.trim() !== '' || summary.files.length > 0) && summary.uploading === 0;
  // Said when Enter came too early; gone once the files are up.
  const shownError = error === STILL_UPLOADING && summary.uploading === 0 ? null : error;

  const setDraft = (d: Draft) => {
    current.current = d;
    setDraftState(d);
    if (d.text) drafts.set(draftKey, d);
    else drafts.delete(draftKey);
  };

  useEffect(() => {
    // Focus the box when a conversation opens, unless the person is working elsewhere on the page.
    const active = document.activeElement;
    if (!active || active === document.body) ref.current?.focus();
  }, [conversationId, parentId]);

  // A canned reply (or anything else) put in from outside lands at the caret, ready to edit.
  useEffect(() => {
    if (parentId) return;
    return onComposerInsert(conversationId, (insert) => {
      // The box shows the current text (it is controlled), so it is read from there.
      const el = ref.current;
      const now = current.current.text;
      const next = withInsert(now, el?.selectionStart ?? now.length, insert);
      current.current = rebase(current.current, next.text);
      setDraftState(current.current);
      drafts.set(draftKey, current.current);
      requestAnimationFrame(() => {
        el?.focus();
        el?.setSelectionRange(next.caret, next.caret);
      });
    });
  }, [conversationId, parentId, draftKey]);

  function updateMenu(value: string, caret: number) {
    // Customers in the widget get no mention help: they write to the team, not to a member list.
    if (forVisitor) return;
    const m = MENTION_QUERY.exec(value.slice(0, caret));
    if (!m) return setMenu(null);
    const query = m[2] ?? '';
    setMenu((prev) => ({
      start: caret - query.length - 1,
      query,
      index: prev?.query === query ? prev.index : 0,
    }));
  }

  function pick(o: MentionOption) {
    const el = ref.current;
    if (!menu || !el) return;
    const label = o.kind === 'user' ? pillLabel(o.name) : broadcastMention(o.word);
    // Typed over the query like any typing (one undo step); the input event updates the draft.
    replaceInBox(el, menu.start, el.selectionStart, `${label} `);
    if (o.kind === 'user') setDraft(withPill(current.current, menu.start, label.length, o.userId));
    setMenu(null);
  }

  /** Applies edits as typing would: last first, so the earlier positions still hold. */
  function edit(f: Formatted) {
    const el = ref.current;
    if (!el) return;
    for (const e of [...f.edits].reverse()) replaceInBox(el, e.from, e.to, e.insert);
    el.focus();
    el.setSelectionRange(f.start, f.end);
  }

  function applyFormat(kind: Format) {
    const el = ref.current;
    if (!el) return;
    if (kind !== 'link') return edit(format(el.value, el.selectionStart, el.selectionEnd, kind));
    // A link needs its address: asked for in the popover, then applied to this selection.
    const { start, end } = linkRange(el.value, el.selectionStart, el.selectionEnd);
    setMenu(null);
    setLinking({ start, end, fields: linkFields(el.value.slice(start, end)) });
  }

  function applyLink(link: { text: string; href: string }) {
    const el = ref.current;
    if (!el || !linking) return;
    setLinking(null);
    // The text cannot change while focus is in the popover; clamp in case something inserted.
    const at = (n: number) => Math.min(n, el.value.length);
    edit(insertLink(el.value, at(linking.start), at(linking.end), link));
  }

  function closeLink(refocus: boolean) {
    setLinking(null);
    if (refocus && linking) {
      ref.current?.focus();
      ref.current?.setSelectionRange(linking.start, linking.end);
    }
  }

  function send() {
    const wire = toWire(current.current);
    const body = blankBody.broken(wire) ? '' : wire;
    if (!body && summary.files.length === 0 && summary.uploading === 0 && summary.blocked === 0) return;
    if (summary.uploading > 0) {
      setError(STILL_UPLOADING);
      return;
    }
    if (summary.blocked > 0) {
      setError('The malware scan blocked a file: remove it to send.');
      return;
    }
    if (longBody.broken(body)) {
      setError('This message is longer than 16 KB; shorten it or split it.');
      return;
    }
    // The server would refuse it: keep the draft and say why, rather than queue a failure.
    if (body && policy.warning?.action === 'block') {
      setError(policy.warning.text);
      return;
    }
    const files = uploads.tray.take();
    if (!files) return;
    policy.clearNotice();
    engine.send(conversationId, body, parentId, files.map(pendingFile));
    setDraft(EMPTY_DRAFT);
    setPreview(false);
    setError(null);
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.nativeEvent.isComposing) return;
    if (menuOpen && menu) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const step = e.key === 'ArrowDown' ? 1 : -1;
        setMenu({ ...menu, index: (menu.index + step + options.length) % options.length });
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        const o = options[menu.index];
        if (o) pick(o);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        setMenu(null);
        return;
      }
    }
    const shortcut = forVisitor ? null : shortcutFormat(e);
    if (shortcut) {
      e.preventDefault();
      applyFormat(shortcut);
    } else if (e.key === 'Enter' && !e.shiftKey && !e.altKey) {
      e.preventDefault();
      send();
    } else if (e.key === 'ArrowUp' && text === '' && onEditLast && !e.altKey) {
      e.preventDefault();
      onEditLast();
    }
  }

  if (disabled) return <div className="composer composer-disabled">{disabled}</div>;

  return (
    <form
      className="composer"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      {menuOpen ? <MentionMenu id={listId} options={options} active={menu.index} onPick={pick} /> : null}
      {/* Visitors in the widget write plain messages: no toolbar and no shortcuts for them. */}
      {forVisitor ? null : <FormatToolbar label="Formatting" onFormat={applyFormat} />}
      {linking ? <LinkPopover initial={linking.fields} onApply={applyLink} onClose={closeLink} /> : null}
      <AttachmentChips
        list={uploads.list}
        previewOf={(key) => uploads.tray.previewOf(key)}
        onRemove={(key) => {
          uploads.tray.remove(key);
          // The chip and its button are gone: the keyboard goes on in the box.
          ref.current?.focus();
        }}
        onRetry={uploads.retry}
      />
      <PillTextarea
        ref={ref}
        draft={draft}
        aria-label={label}
        aria-describedby={hintId}
        aria-autocomplete="list"
        aria-controls={menuOpen ? listId : undefined}
        aria-activedescendant={menuOpen ? optionId(listId, menu.index) : undefined}
        placeholder={`${label}…`}
        rows={Math.min(8, Math.max(1, text.split('\n').length))}
        onChange={(e) => {
          setDraft(rebase(current.current, e.target.value));
          updateMenu(e.target.value, e.target.selectionStart);
          if (e.target.value.trim()) engine.typing(conversationId);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setMenu(null)}
        onPaste={(e) => {
          const files = pastedFiles(e.clipboardData);
          if (files.length === 0) return;
          e.preventDefault();
          setError(null);
          void uploads.add(files);
        }}
      />
      <div className="composer-bar">
        <AttachButton
          onFiles={(files) => {
            setError(null);
            void uploads.add(files);
            ref.current?.focus();
          }}
        />
        <small id={hintId} className="muted">
          {forVisitor
            ? 'Enter to send, Shift+Enter for a new line'
            : 'Enter to send, Shift+Enter for a new line, @ to mention'}
        </small>
        {forVisitor ? null : (
          <button
            type="button"
            className="secondary"
            aria-pressed={preview}
            onClick={() => setPreview((v) => !v)}
            disabled={!text.trim()}
          >
            Preview
          </button>
        )}
        <button type="submit" disabled={!canSend} aria-busy={summary.uploading > 0}>
          {sendLabel(summary)}
        </button>
      </div>
      {uploads.notice ? (
        <p role="status" className="composer-policy">
          {uploads.notice}{' '}
          <button type="button" className="link-btn" onClick={() => uploads.tray.dismiss()}>
            Dismiss
          </button>
        </p>
      ) : null}
      {shownError ? (
        <p role="alert" className="form-error">
          {shownError}
        </p>
      ) : null}
      {policy.warning && policy.warning.text !== shownError ? (
        <p role="status" className="composer-policy">
          {policy.warning.text}
        </p>
      ) : null}
      {policy.notice ? (
        <p role="status" className="composer-policy">
          {policy.notice}{' '}
          <button type="button" className="link-btn" onClick={policy.clearNotice}>
            Dismiss
          </button>
        </p>
      ) : null}
      {preview && text.trim() ? (
        <section className="preview" aria-label="Preview">
          <Markdown text={toWire(draft)} nameOf={nameOf} />
        </section>
      ) : null}
    </form>
  );
}
