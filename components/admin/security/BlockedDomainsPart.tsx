import type { ShownError } from '@/components/client/errors';
import { SelectField, TextArea } from '@/components/ui/field';
import { POLICY_LIMITS } from '@/shared/policy';
import { ACTION_OPTIONS, pick } from './actions';
import type { Action } from './draft';

/** Hosts members may not link to, one per line, with what a link to one of them gets. */
export function BlockedDomainsPart({
  domains,
  action,
  onChange,
  messages,
  error,
}: {
  domains: string;
  action: Action;
  onChange: (change: { domains?: string; domainAction?: Action }) => void;
  /** The domains' errors, worded by line. */
  messages: string[];
  error: ShownError | null;
}) {
  return (
    <section aria-labelledby="security-domains-h" className="security-part security-domains">
      <h2 id="security-domains-h">Blocked domains</h2>
      <TextArea
        label="Domains"
        rows={5}
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        placeholder="example.com"
        value={domains}
        onChange={(e) => onChange({ domains: e.target.value })}
        messages={messages}
        hint={`One per line, like example.com; its subdomains are covered too. At most ${POLICY_LIMITS.blockedDomains}.`}
      />
      <SelectField
        label="Links to these domains"
        name="blockedDomains.action"
        value={action}
        options={ACTION_OPTIONS}
        error={error}
        onChange={(e) => onChange({ domainAction: pick(ACTION_OPTIONS, e.target.value, action) })}
      />
    </section>
  );
}
