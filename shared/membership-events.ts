/** What a system message in a channel says happened: someone joined, left, was added or removed. */
export const MEMBERSHIP_EVENTS = ['joined', 'left', 'added', 'removed'] as const;
export type MembershipEvent = (typeof MEMBERSHIP_EVENTS)[number];

/** The line a system message reads as, given how to name people. */
export function membershipLine(
  e: { type: MembershipEvent; userId: string },
  actorId: string | null,
  name: (userId: string | null) => string,
): string {
  switch (e.type) {
    case 'joined':
      return `${name(e.userId)} joined`;
    case 'left':
      return `${name(e.userId)} left`;
    case 'added':
      return `${name(actorId)} added ${name(e.userId)}`;
    case 'removed':
      return `${name(actorId)} removed ${name(e.userId)}`;
  }
}
