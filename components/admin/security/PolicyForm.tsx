'use client';
import { useRef, useState, type FormEvent } from 'react';
import { toShownError, type ShownError } from '@/components/client/errors';
import { trpc } from '@/components/client/trpc';
import { useAdmin } from '../admin-context';
import { BlockedDomainsPart } from './BlockedDomainsPart';
import { DetectorsPart } from './DetectorsPart';
import { draftOf, isChanged, placeErrors, prepare, type Draft, type Policy, type Sent } from './draft';
import { FiltersPart } from './FiltersPart';
import { LimitsPart } from './LimitsPart';
import { MarkupPart } from './MarkupPart';
import { PolicyVersion } from './PolicyVersion';
import { SaveBar } from './SaveBar';
import { ThreatPart } from './ThreatPart';

/**
 * The whole security policy as one form, saved as one new version on top of the version it was
 * loaded from (`expectedVersion`): another admin's save in between is a conflict, not overwritten.
 */
export function PolicyForm({ policy }: { policy: Policy }) {
  const { ws } = useAdmin();
  const utils = trpc.useUtils();
  // The version this form edits: the one loaded, then each one saved or reloaded here.
  const [base, setBase] = useState(policy);
  const [draft, setDraft] = useState<Draft>(() => draftOf(policy));
  const [sent, setSent] = useState<Sent | null>(null);
  const [local, setLocal] = useState<ShownError | null>(null);
  const [savedVersion, setSavedVersion] = useState<number | null>(null);
  const [reload, setReload] = useState<{ pending: boolean; error: ShownError | null }>({
    pending: false,
    error: null,
  });
  const top = useRef<HTMLDivElement>(null);
  const update = trpc.admin.setPolicy.useMutation({
    onSuccess: (data) => {
      setBase(data);
      // The server's normalised domains (lower case, no scheme, no repeats) replace what was typed.
      setDraft(draftOf(data));
      setSavedVersion(data.version);
      utils.admin.policy.setData({ workspaceId: ws.id }, data);
      return utils.audit.invalidate();
    },
  });
  const conflict = update.error?.data?.appCode === 'CONFLICT' ? update.error.message : null;
  const error = local ?? (conflict ? null : toShownError(update.error)) ?? reload.error;
  const placed = placeErrors(error?.fieldErrors ?? {}, sent);

  const change = (patch: Partial<Draft>) => {
    setSavedVersion(null);
    setDraft((d) => ({ ...d, ...patch }));
  };

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const r = prepare(draft, base);
    setSent(r.sent);
    setSavedVersion(null);
    setReload({ pending: false, error: null });
    setLocal(r.errors ? { message: '', fieldErrors: r.errors } : null);
    if (r.input) update.mutate({ workspaceId: ws.id, ...r.input });
  }

  /** After a conflict: the newest version from the server, and the form reset to it. */
  async function loadLatest() {
    setReload({ pending: true, error: null });
    try {
      const fresh = await utils.admin.policy.fetch({ workspaceId: ws.id }, { staleTime: 0 });
      setBase(fresh);
      setDraft(draftOf(fresh));
      setSent(null);
      setLocal(null);
      setSavedVersion(null);
      update.reset();
      setReload({ pending: false, error: null });
      top.current?.focus();
    } catch (err) {
      setReload({ pending: false, error: toShownError(err) });
    }
  }

  return (
    <form className="security-form" onSubmit={onSubmit} noValidate aria-label="Security policy">
      <div ref={top} tabIndex={-1} className="security-version">
        <PolicyVersion policy={base} />
      </div>
      <DetectorsPart
        detectors={draft.detectors}
        onChange={(detectors) => change({ detectors })}
        error={error}
      />
      <FiltersPart
        filters={draft.filters}
        onChange={(filters) => change({ filters })}
        placed={placed}
        error={error}
      />
      <BlockedDomainsPart
        domains={draft.domains}
        action={draft.domainAction}
        onChange={change}
        messages={placed.domains}
        error={error}
      />
      <MarkupPart markup={draft.markup} onChange={(markup) => change({ markup })} error={error} />
      <LimitsPart
        limits={draft.limits}
        onChange={(limits) => change({ limits })}
        tier={draft.tier}
        onTierChange={(tier) => change({ tier })}
        error={error}
      />
      <ThreatPart
        threat={draft.threat}
        onChange={(threat) => change({ threat })}
        flags={{ hold: draft.hold, quarantineHolds: draft.quarantineHolds }}
        onFlagsChange={change}
        error={error}
      />
      <SaveBar
        pending={update.isPending}
        changed={isChanged(draft, base)}
        savedVersion={savedVersion}
        error={error}
        placedKeys={placed.keys}
        conflict={conflict}
        onLoadLatest={() => void loadLatest()}
        loading={reload.pending}
      />
    </form>
  );
}
