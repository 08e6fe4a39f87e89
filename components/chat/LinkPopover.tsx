'use client';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { LINK_URL_RULE } from '@/shared/link-url';
import { LINK_TEXT_RULE, linkTarget, linkTextFits, type LinkFields } from './link-text';

/**
 * The Link button's small form above the message box: the link's text and its address. Enter
 * adds the link, Escape (or Cancel) closes it and the box gets focus back; text or an address the
 * renderer would not draw as a link is refused with the rule in words. It sits inside the composer's form,
 * so Enter is handled here: it would otherwise send the message.
 */
export function LinkPopover({
  initial,
  onApply,
  onClose,
}: {
  initial: LinkFields;
  onApply: (link: { text: string; href: string }) => void;
  /** `refocus`: give the message box its focus back (not when focus went elsewhere). */
  onClose: (refocus: boolean) => void;
}) {
  const id = useId();
  const [text, setText] = useState(initial.text);
  const [url, setUrl] = useState(initial.url);
  const [error, setError] = useState<string | null>(null);
  const [textError, setTextError] = useState(false);
  const textRef = useRef<HTMLInputElement>(null);
  const urlRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    // With the text already there (a selected word), the address is what is left to type.
    (initial.text && !initial.url ? urlRef : textRef).current?.focus();
  }, [initial]);

  function apply() {
    // An emptied field falls back to the selected text (insertLink), so that is what is checked.
    if (!linkTextFits(text.trim() || initial.text)) {
      setTextError(true);
      textRef.current?.focus();
      return;
    }
    const href = linkTarget(url);
    if (href === null) {
      setError(LINK_URL_RULE);
      urlRef.current?.focus();
      return;
    }
    onApply({ text, href });
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (e.nativeEvent.isComposing) return;
    if (e.key === 'Enter' && e.target instanceof HTMLInputElement) {
      e.preventDefault();
      apply();
    } else if (e.key === 'Escape') {
      // Only this popover closes: not a thread pane or dialog around the composer.
      e.preventDefault();
      e.stopPropagation();
      onClose(true);
    }
  }

  const errorId = `${id}-url-err`;
  const textErrorId = `${id}-text-err`;
  return (
    <div
      role="dialog"
      aria-label="Add a link"
      className="link-popover"
      onKeyDown={onKeyDown}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget)) onClose(false);
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-text`}>Text</label>
        <input
          ref={textRef}
          id={`${id}-text`}
          type="text"
          autoComplete="off"
          value={text}
          aria-invalid={textError ? true : undefined}
          aria-describedby={textError ? textErrorId : undefined}
          onChange={(e) => {
            setText(e.target.value);
            setTextError(false);
          }}
        />
        {textError ? (
          <div id={textErrorId} role="alert" className="field-error">
            {LINK_TEXT_RULE}
          </div>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor={`${id}-url`}>URL</label>
        {/* Text, not type="url": the composer's form must not refuse to send over it. */}
        <input
          ref={urlRef}
          id={`${id}-url`}
          type="text"
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          placeholder="https://"
          value={url}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          onChange={(e) => {
            setUrl(e.target.value);
            setError(null);
          }}
        />
        {error ? (
          <div id={errorId} role="alert" className="field-error">
            {error}
          </div>
        ) : null}
      </div>
      <div className="link-popover-actions">
        <button type="button" className="secondary" onClick={() => onClose(true)}>
          Cancel
        </button>
        <button type="button" onClick={apply}>
          Add link
        </button>
      </div>
    </div>
  );
}
