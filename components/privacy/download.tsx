'use client';
import { receiptFileName, type SignedReceipt } from './words';

/** Saves the signed receipt as a JSON file: exactly what the server signed, so it can be checked. */
export function downloadReceipt({ receipt, signature }: SignedReceipt) {
  const blob = new Blob([`${JSON.stringify({ receipt, signature }, null, 2)}\n`], {
    type: 'application/json',
  });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = receiptFileName(receipt.id);
  document.body.append(a);
  a.click();
  a.remove();
  // Not at once: some browsers read the URL after the click has returned.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** "Download receipt", with what it is for screen readers when a page lists several. */
export function DownloadReceipt({ signed, what }: { signed: SignedReceipt; what?: string }) {
  return (
    <button type="button" className="secondary" onClick={() => downloadReceipt(signed)}>
      Download receipt{what ? <span className="sr-only"> {what}</span> : null}
    </button>
  );
}
