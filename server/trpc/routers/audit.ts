import { listAuditInput, auditPageOutput, verifyOutput } from '../../domain/audit/schemas';
import { listAudit, verifyAudit } from '../../domain/audit/service';
import { appSecrets } from '../../lib/app-secrets';
import { router } from '../init';
import { workspaceProcedure } from '../procedures';

const tags = ['audit'];

export const auditRouter = router({
  list: workspaceProcedure({ role: 'admin', scope: 'audit:read' })
    .meta({ openapi: { method: 'GET', path: '/workspaces/{workspaceId}/audit', tags, protect: true } })
    .input(listAuditInput)
    .output(auditPageOutput)
    .query(({ ctx, input }) => listAudit(ctx, input)),

  verify: workspaceProcedure({ role: 'admin', scope: 'audit:read' })
    .meta({ openapi: { method: 'GET', path: '/workspaces/{workspaceId}/audit/verify', tags, protect: true } })
    .output(verifyOutput)
    .query(({ ctx }) => verifyAudit(ctx, appSecrets().checkpointKey)),
});
