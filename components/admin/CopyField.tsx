'use client';
import { useId, useState } from 'react';

/** A read-only value (link, secret) with a copy button and a spoken result. */
export function CopyField({ label, value }: { label: string; value: string }) {
  const id = useId();
  const [note, setNote] = useState('');
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setNote('Copied to the clipboard.');
    } catch {
      setNote('Could not copy: select the text and copy it.');
    }
  }
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="row">
        <input
          id={id}
          readOnly
          value={value}
          className="admin-copy-input"
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" className="secondary" onClick={() => void copy()}>
          Copy
        </button>
        <span role="status">{note}</span>
      </div>
    </div>
  );
}
