'use client';
import { keepPreviousData } from '@tanstack/react-query';
import { useState } from 'react';
import { toShownError } from '@/components/client/errors';
import { trpc } from '@/components/client/trpc';
import { useAdmin } from '../admin-context';
import { DateRangeForm, type DayRange } from '../DateRangeForm';
import { lastDays } from '../dates';
import { FormProblem } from '../FormProblem';
import { QueryState } from '../QueryState';
import { ReportHeader } from './ReportHeader';
import { ReportPart } from './ReportPart';
import './report.css';

/**
 * The console's Compliance report: for a range of UTC days (the last 30 unless chosen), each control
 * in force with its evidence, read live, and the GDPR, HIPAA and SOC 2 controls it answers; printable,
 * and downloadable as the API's JSON.
 */
export function ComplianceReport() {
  const { ws } = useAdmin();
  const [range, setRange] = useState<DayRange>(() => lastDays(30));
  // The previous range's report stays on screen (its period in its header) while the next one loads.
  const report = trpc.compliance.report.useQuery(
    { workspaceId: ws.id, ...range },
    { placeholderData: keepPreviousData },
  );
  const error = toShownError(report.error);
  return (
    <div className="compliance-report">
      <div className="report-screen-only">
        <p className="muted report-about">
          What this workspace has in force, with the evidence read now and the period&apos;s activity, mapped
          to GDPR, HIPAA and SOC 2 controls. It states what the data shows and nothing more.
        </p>
        <DateRangeForm range={range} onChange={setRange} error={error} />
        <p role="status" className="muted">
          {report.isFetching && report.data ? 'Updating the report…' : ''}
        </p>
      </div>
      {error ? (
        <FormProblem error={error} fields={['from', 'to']} />
      ) : (
        <QueryState query={report} what="the compliance report" empty={null} isEmpty={() => false}>
          {(data) => (
            <>
              <ReportHeader report={data} />
              {data.sections.map((s) => (
                <ReportPart key={s.id} section={s} />
              ))}
            </>
          )}
        </QueryState>
      )}
    </div>
  );
}
