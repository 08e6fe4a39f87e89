import { listAuditInput, auditPageOutput, verifyOutput } from '../../domain/audit/schemas';
import { checkpointCopy } from '../../domain/audit/copy-config';
import { listAudit } from '../../domain/audit/service';
import { verifyAudit } from '../../domain/audit/verify';
import { env } from '../../env';
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
    .meta({
      openapi: {
        method: 'GET',
        path: '/workspaces/{workspaceId}/audit/verify',
        tags,
        protect: true,
        description:
          'Recomputes the hash chain against the signed checkpoints in the database and in their copy outside it. Reports the first broken entry, the newest checkpoint and its age, whether the copy was read and agrees, and warnings (e.g. a checkpoint older than two checkpoint intervals).',
      },
    })
    .output(verifyOutput)
    .query(({ ctx }) =>
      verifyAudit(ctx, {
        checkpointKey: appSecrets().checkpointKey,
        intervalSeconds: env().AUDIT_CHECKPOINT_INTERVAL_SECONDS,
        copy: checkpointCopy(),
      }),
    ),
});
