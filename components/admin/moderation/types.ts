import type { RouterOutputs } from '@/components/client/trpc';

/** A message under review, as the queue lists it. */
export type ReviewItem = RouterOutputs['moderation']['queue']['items'][number];
/** What a decision answers: the review as it is now, and how many people were told. */
export type Decided = RouterOutputs['moderation']['decide'];
