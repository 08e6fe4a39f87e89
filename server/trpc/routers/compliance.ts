import { z } from 'zod';
import { listHolds, placeHold, releaseHold } from '../../domain/compliance/holds';
import {
  getRetention,
  setAuditRetention,
  setChannelRetention,
  setRetention,
} from '../../domain/compliance/retention';
import {
  holdsInput,
  holdView,
  placeHoldInput,
  releaseHoldInput,
  retentionOutput,
  createExportInput,
  exportView,
  setAuditRetentionInput,
  setChannelRetentionInput,
  setRetentionInput,
} from '../../domain/compliance/schemas';
import type { ServiceCtx } from '../../domain/scope';
import { createExport, listExports } from '../../domain/compliance/export/service';
import { complianceReport } from '../../domain/compliance/report';
import { reportOutput } from '../../domain/compliance/report-schemas';
import { analyticsInput } from '../../domain/analytics/schemas';
import { erasePerson, erasurePreview } from '../../domain/privacy/erase';
import { receiptsIn } from '../../domain/privacy/receipt';
import {
  erasureInput,
  receiptOutput,
  workspaceErasure,
  workspaceReceipt,
} from '../../domain/privacy/schemas';
import { endpoints } from '../endpoint';
import { router } from '../init';

const api = endpoints('compliance');
const base = '/workspaces/{workspaceId}/compliance';
const admin = { role: 'admin' } as const;

/** Asks for a sweep now, once this commits (the hourly one runs anyway). */
async function runRetention(ctx: ServiceCtx) {
  const ws = ctx.scope.workspaceId;
  ctx.afterCommit(() => ctx.deps.retention.sweep(ws));
  return Promise.resolve({ queued: true as const });
}

// Retention and legal hold: admins (the console's Retention page). Every change is audited.
export const complianceRouter = router({
  retention: api.get(admin, `${base}/retention`, null, retentionOutput, getRetention),
  setRetention: api.put(
    admin,
    {
      path: `${base}/retention`,
      description:
        'Sets how long the workspace keeps messages, in days (null: for ever). The hourly sweep deletes what is older; legal holds keep what they cover.',
    },
    setRetentionInput,
    retentionOutput,
    setRetention,
  ),
  setChannelRetention: api.put(
    admin,
    {
      path: `${base}/retention/channels/{conversationId}`,
      description:
        "Gives a channel its own retention in days, keeps its messages for ever (null), or returns it to the workspace's rule ('inherit').",
    },
    setChannelRetentionInput,
    retentionOutput,
    setChannelRetention,
  ),
  // The audit log's own retention is the owner's: it decides how long the evidence lasts.
  setAuditRetention: api.put(
    { role: 'owner' },
    {
      path: `${base}/retention/audit`,
      description:
        'Sets how long the audit log keeps entries, in days (at least 365; null: seven years). Older entries are pruned behind a signed record, so the rest still verifies.',
    },
    setAuditRetentionInput,
    retentionOutput,
    setAuditRetention,
  ),
  runRetention: api.post(
    admin,
    `${base}/retention/run`,
    null,
    z.object({ queued: z.literal(true) }),
    runRetention,
  ),
  exports: api.get(admin, `${base}/exports`, null, z.array(exportView), listExports),
  createExport: api.post(
    admin,
    {
      path: `${base}/exports`,
      description:
        'Asks for an export of the workspace (date range, conversations, deleted messages or not; NDJSON, CSV, EML, HTML). A job builds a ZIP with a manifest signed with the audit checkpoint key; only the requester may download it, until it expires.',
    },
    createExportInput,
    exportView,
    createExport,
  ),
  report: api.get(
    admin,
    {
      path: `${base}/report`,
      description:
        'The compliance report of a range of UTC days: the controls in force (encryption, retention, legal holds, DLP, the audit log, access, exports, incidents), each with evidence read now, mapped to GDPR, HIPAA and SOC 2 controls.',
    },
    analyticsInput,
    reportOutput,
    complianceReport,
  ),
  holds: api.get(admin, `${base}/holds`, holdsInput, z.array(holdView), listHolds),
  placeHold: api.post(
    admin,
    {
      path: `${base}/holds`,
      description:
        'Places a legal hold on the workspace, a conversation or a person: retention and erasure leave what it covers alone until it is released.',
    },
    placeHoldInput,
    holdView,
    placeHold,
  ),
  releaseHold: api.post(admin, `${base}/holds/{holdId}/release`, releaseHoldInput, holdView, releaseHold),
  erasurePreview: api.get(
    admin,
    {
      path: `${base}/erasures/preview`,
      description:
        'The dry run of erasing a person from the workspace: what is erased, kept under a pseudonym, and kept and why. Nothing changes.',
    },
    erasureInput,
    workspaceErasure,
    erasurePreview,
  ),
  erase: api.post(
    admin,
    {
      path: `${base}/erasures`,
      description:
        "Erases a person from the workspace on their behalf: their key is destroyed (their texts with it, backups included), their own rows deleted, the workspace's records of them pseudonymised; a signed receipt is anchored in the audit log.",
    },
    erasureInput,
    receiptOutput,
    erasePerson,
  ),
  erasures: api.get(admin, `${base}/erasures`, null, z.array(workspaceReceipt), (ctx) =>
    receiptsIn(ctx.tx, ctx.scope.workspaceId),
  ),
});
