'use client';
import type { RouterOutputs } from '@/components/client/trpc';
import { showTime } from '../dates';

export type Report = RouterOutputs['compliance']['report'];

/** What the downloaded file is called: the workspace and the period, so that reports sort by name. */
export const reportFileName = (r: Report) =>
  `enclave-compliance-${r.workspace.slug}-${r.period.from}-${r.period.to}.json`;

/** Saves the report as the API returned it (pretty JSON), through a temporary object URL. */
function downloadJson(r: Report) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(r, null, 2)], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = reportFileName(r);
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Whose report, for which days, made when and by whom; printing it or saving it as JSON. */
export function ReportHeader({ report }: { report: Report }) {
  const { workspace, period, generatedAt, generatedBy } = report;
  return (
    <div className="report-head">
      <p className="report-workspace">{workspace.name}</p>
      <p>
        Period: {period.from} to {period.to} (UTC days, both included)
      </p>
      <p>
        Generated <time dateTime={generatedAt}>{showTime(generatedAt)}</time> by {generatedBy.name}
      </p>
      <div className="row report-actions">
        <button type="button" onClick={() => window.print()}>
          Print
        </button>
        <button type="button" className="secondary" onClick={() => downloadJson(report)}>
          Download JSON
        </button>
      </div>
    </div>
  );
}
