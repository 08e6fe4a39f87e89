import { showTime } from '../dates';
import type { Policy } from './draft';

/** Which version of the policy the form was loaded from, and when it was last saved. */
export function PolicyVersion({ policy }: { policy: Policy }) {
  if (!policy.updatedAt)
    return <p className="muted">Version {policy.version}: the defaults, not changed yet.</p>;
  return (
    <p className="muted">
      Version {policy.version}, last changed{' '}
      <time dateTime={policy.updatedAt}>{showTime(policy.updatedAt)}</time>
    </p>
  );
}
