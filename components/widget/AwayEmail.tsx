'use client';
import { useState, type FormEvent } from 'react';
import { toShownError } from '../client/errors';
import { trpc } from '../client/trpc';
import { Field } from '../ui/field';

/**
 * While nobody on the team is online: where the visitor leaves an address to be answered at. The
 * server checks it (a bad address comes back as the email field's message).
 */
export function AwayEmail({ workspaceId }: { workspaceId: string }) {
  const [email, setEmail] = useState('');
  const leave = trpc.widget.leaveEmail.useMutation();
  const error = toShownError(leave.error);
  const general = error && !error.fieldErrors.email ? 'Your email was not saved. Please try again.' : null;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    leave.mutate({ workspaceId, email });
  }

  if (leave.isSuccess)
    return (
      <p className="widget-away" role="status">
        Thanks! We&apos;ll reply to {leave.data.email}.
      </p>
    );
  return (
    <form className="widget-away" onSubmit={onSubmit} noValidate aria-label="Leave your email">
      <Field
        label="Your email"
        name="email"
        type="email"
        autoComplete="email"
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        error={error}
      />
      <button type="submit" disabled={leave.isPending}>
        {leave.isPending ? 'Sending…' : 'Send'}
      </button>
      {general ? (
        <p role="alert" className="field-error">
          {general}
        </p>
      ) : null}
    </form>
  );
}
