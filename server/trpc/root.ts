import { createCallerFactory, router } from './init';
import { apiKeyRouter } from './routers/api-key';
import { auditRouter } from './routers/audit';
import { memberRouter } from './routers/member';
import { workspaceRouter } from './routers/workspace';

export const appRouter = router({
  workspace: workspaceRouter,
  member: memberRouter,
  apiKey: apiKeyRouter,
  audit: auditRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
