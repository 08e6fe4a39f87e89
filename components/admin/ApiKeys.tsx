'use client';
import type { FormEvent } from 'react';
import { toShownError } from '@/components/client/errors';
import { formText } from '@/components/client/form';
import { trpc, type RouterOutputs } from '@/components/client/trpc';
import { Field } from '@/components/ui/field';
import { Table } from '@/components/ui/table';
import { apiKeyScopes, type ApiKeyScope } from '@/shared/api-key-scopes';
import { API_KEY_MAX_DAYS } from '@/shared/limits';
import { useAdmin } from './admin-context';
import { ConfirmButton } from './ConfirmButton';
import { CopyField } from './CopyField';
import { showTime } from './dates';
import { FormProblem } from './FormProblem';
import { QueryState } from './QueryState';

type ApiKey = RouterOutputs['apiKey']['list'][number];

// Every scope the server knows needs a label here (the type says when one is missing).
const SCOPE_LABELS: Record<ApiKeyScope, string> = {
  'workspace:read': 'Read the workspace',
  'members:read': 'Read members and invitations',
  'members:write': 'Invite, change roles, remove members',
  'audit:read': 'Read and verify the audit log',
};
const SCOPES = apiKeyScopes.map((value) => ({ value, label: SCOPE_LABELS[value] }));

export function ApiKeys() {
  return (
    <section aria-labelledby="api-keys-h">
      <h2 id="api-keys-h">API keys</h2>
      <CreateApiKey />
      <ApiKeyList />
    </section>
  );
}

function CreateApiKey() {
  const { ws } = useAdmin();
  const utils = trpc.useUtils();
  const create = trpc.apiKey.create.useMutation({ onSuccess: () => utils.apiKey.list.invalidate() });
  const error = toShownError(create.error);
  const scopeErrors = error?.fieldErrors.scopes ?? [];

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formEl = e.currentTarget;
    const form = new FormData(formEl);
    const days = formText(form, 'expiresInDays').trim();
    create.mutate(
      {
        workspaceId: ws.id,
        name: formText(form, 'name'),
        scopes: form.getAll('scopes').filter((s): s is ApiKeyScope => SCOPES.some((x) => x.value === s)),
        ...(days ? { expiresInDays: Number(days) } : {}),
      },
      { onSuccess: () => formEl.reset() },
    );
  }

  return (
    <>
      <form className="stack" onSubmit={onSubmit} noValidate aria-label="Create an API key">
        <Field label="Key name" name="name" required error={error} />
        <fieldset
          className="admin-fieldset"
          aria-invalid={scopeErrors.length > 0 || undefined}
          aria-describedby={scopeErrors.length ? 'scopes-err' : undefined}
        >
          <legend>Scopes</legend>
          {SCOPES.map((s) => (
            <label key={s.value} className="admin-check">
              <input type="checkbox" name="scopes" value={s.value} />{' '}
              <code className="scope-chip">{s.value}</code> {s.label}
            </label>
          ))}
          {scopeErrors.length ? (
            <span id="scopes-err" role="alert" className="field-error">
              {scopeErrors.join(' ')}
            </span>
          ) : null}
        </fieldset>
        <Field
          label="Expires after (days, optional)"
          name="expiresInDays"
          type="number"
          inputMode="numeric"
          min={1}
          max={API_KEY_MAX_DAYS}
          error={error}
          hint="Empty: never expires."
        />
        <div className="row">
          <button type="submit" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create API key'}
          </button>
        </div>
      </form>
      <FormProblem error={error} fields={['name', 'scopes', 'expiresInDays']} />
      {create.data ? (
        <div className="stack admin-result">
          <p role="status">
            Key “{create.data.name}” created. Copy it now: it is shown this once and never again.
          </p>
          <CopyField label="New API key" value={create.data.key} />
          <div className="row">
            <button type="button" className="secondary" onClick={() => create.reset()}>
              I have copied it
            </button>
          </div>
        </div>
      ) : null}
    </>
  );
}

const stateOf = (k: ApiKey) =>
  k.revokedAt ? 'revoked' : k.expiresAt && Date.parse(k.expiresAt) < Date.now() ? 'expired' : 'active';

function ApiKeyList() {
  const { ws } = useAdmin();
  const utils = trpc.useUtils();
  const keys = trpc.apiKey.list.useQuery({ workspaceId: ws.id });
  const revoke = trpc.apiKey.revoke.useMutation({ onSuccess: () => utils.apiKey.list.invalidate() });
  return (
    <>
      <FormProblem error={toShownError(revoke.error)} />
      <QueryState query={keys} what="API keys" empty="No API keys yet.">
        {(list) => (
          <Table
            label="API keys"
            columns={['Name', 'Key', 'Scopes', 'Last used', 'Expires', 'Status', 'Actions']}
          >
            {list.map((k) => (
              <tr key={k.id} aria-label={k.name}>
                <th scope="row">{k.name}</th>
                <td>
                  <code>{k.prefix}…</code>
                </td>
                <td>
                  <ul className="scope-chips" aria-label="Scopes">
                    {k.scopes.map((s) => (
                      <li key={s}>
                        <code className="scope-chip">{s}</code>
                      </li>
                    ))}
                  </ul>
                </td>
                <td>
                  {k.lastUsedAt ? <time dateTime={k.lastUsedAt}>{showTime(k.lastUsedAt)}</time> : 'never'}
                </td>
                <td>{k.expiresAt ? <time dateTime={k.expiresAt}>{showTime(k.expiresAt)}</time> : 'never'}</td>
                <td>{stateOf(k)}</td>
                <td>
                  {k.revokedAt ? null : (
                    <ConfirmButton
                      label={`Revoke ${k.name}`}
                      question={`Revoke “${k.name}”? Programs using it stop working at once.`}
                      confirmLabel="Yes, revoke"
                      pending={revoke.isPending}
                      onConfirm={() => revoke.mutate({ workspaceId: ws.id, keyId: k.id })}
                    />
                  )}
                </td>
              </tr>
            ))}
          </Table>
        )}
      </QueryState>
    </>
  );
}
