import { listAuditInput, auditPageOutput, verifyOutput } from '../../domain/audit/schemas';
import { checkpointCopy } from '../../domain/audit/copy-config';
import { listAudit } from '../../domain/audit/service';
import { verifyAudit } from '../../domain/audit/verify';
import { env } from '../../env';
import { appSecrets } from '../../lib/app-secrets';
import { endpoints, type Route } from '../endpoint';
import { router } from '../init';

const api = endpoints('audit');
const auditor = { role: 'admin', scope: 'audit:read' } as const;
const verify: Route = {
  path: '/workspaces/{workspaceId}/audit/verify',
  description:
    'Recomputes the hash chain against the signed checkpoints in the database and in their copy outside it. Reports the first broken entry, the newest checkpoint and its age, whether the copy was read and agrees, and warnings (e.g. a checkpoint older than two checkpoint intervals).',
};

export const auditRouter = router({
  list: api.get(auditor, '/workspaces/{workspaceId}/audit', listAuditInput, auditPageOutput, listAudit),

  verify: api.get(auditor, verify, null, verifyOutput, (ctx) =>
    verifyAudit(ctx, {
      checkpointKey: appSecrets().checkpointKey,
      intervalSeconds: env().AUDIT_CHECKPOINT_INTERVAL_SECONDS,
      copy: checkpointCopy(),
    }),
  ),
});
