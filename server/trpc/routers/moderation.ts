import {
  decideInput,
  decideOutput,
  queueInput,
  queueOutput,
  reportInput,
  reportOutput,
  trustInput,
  trustOutput,
} from '../../domain/moderation/schemas';
import { decideReview, memberTrust, moderationQueue, reportMessage } from '../../domain/moderation/service';
import { endpoints } from '../endpoint';
import { router } from '../init';

const api = endpoints('moderation');
const base = '/workspaces/{workspaceId}/moderation';
const moderator = { role: 'moderator' } as const;

// Any member may report what they can read; the queue and its decisions are for moderators and up.
export const moderationRouter = router({
  report: api.post(
    { role: 'guest' },
    {
      path: '/workspaces/{workspaceId}/messages/{messageId}/report',
      description:
        "Reports a message the caller can read, with a reason: it joins the workspace's moderation queue. Once per person and message; the reporter is notified of the outcome.",
    },
    reportInput,
    reportOutput,
    reportMessage,
  ),
  queue: api.get(
    moderator,
    {
      path: `${base}/queue`,
      description:
        "Messages under review: flagged by the security policy, over the workspace's threat threshold, or reported. Each with its threat score, its author's trust, the rules that matched and the reports.",
    },
    queueInput,
    queueOutput,
    moderationQueue,
  ),
  decide: api.post(
    moderator,
    {
      path: `${base}/reviews/{reviewId}/decide`,
      description:
        'Decides on a review: approve, delete the message, warn its author (note required) or quarantine them (minutes required). Reporters are told the outcome. Once per review.',
    },
    decideInput,
    decideOutput,
    decideReview,
  ),
  trust: api.get(
    moderator,
    `/workspaces/{workspaceId}/members/{userId}/trust`,
    trustInput,
    trustOutput,
    memberTrust,
  ),
});
