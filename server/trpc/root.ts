import { createCallerFactory, router } from './init';
import { adminRouter } from './routers/admin';
import { attachmentRouter } from './routers/attachment';
import { apiKeyRouter } from './routers/api-key';
import { auditRouter } from './routers/audit';
import { channelRouter } from './routers/channel';
import { complianceRouter } from './routers/compliance';
import { privacyRouter } from './routers/privacy';
import { inboxRouter } from './routers/inbox';
import { memberRouter } from './routers/member';
import { messageRouter } from './routers/message';
import { moderationRouter } from './routers/moderation';
import { notificationRouter } from './routers/notification';
import { reactionRouter } from './routers/reaction';
import { readRouter } from './routers/read';
import { searchRouter } from './routers/search';
import { threadRouter } from './routers/thread';
import { widgetRouter } from './routers/widget';
import { workspaceRouter } from './routers/workspace';

export const appRouter = router({
  workspace: workspaceRouter,
  member: memberRouter,
  apiKey: apiKeyRouter,
  audit: auditRouter,
  channel: channelRouter,
  message: messageRouter,
  thread: threadRouter,
  reaction: reactionRouter,
  read: readRouter,
  search: searchRouter,
  attachment: attachmentRouter,
  notification: notificationRouter,
  admin: adminRouter,
  moderation: moderationRouter,
  compliance: complianceRouter,
  privacy: privacyRouter,
  widget: widgetRouter,
  inbox: inboxRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
