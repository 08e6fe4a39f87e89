'use client';
import { useId } from 'react';
import {
  erasedInWords,
  keptWhat,
  pseudonymisedInWords,
  roleInWords,
  type Perspective,
  type WorkspaceErasure,
} from './words';
import './privacy.css';

/**
 * The dry run of erasing a person from one workspace, as the account page (deleting one's own
 * account) and the console (erasing a member) both show it: what goes, what stays under the
 * pseudonym, what is kept and why, the legal holds, and what blocks it.
 */
export function ErasurePlan({ plan, who }: { plan: WorkspaceErasure; who: Perspective }) {
  const heading = useId();
  const erased = erasedInWords(plan.erased, who);
  const pseudonymised = pseudonymisedInWords(plan.pseudonymised);
  const your = who === 'self' ? 'your' : 'their';
  return (
    <section aria-labelledby={heading} className="erasure-plan">
      <h3 id={heading}>
        {plan.workspace} <span className="erasure-role">{roleInWords(plan.role)}</span>
      </h3>
      {plan.blocked ? (
        <p className="erasure-blocked">
          <strong>Cannot be erased yet.</strong> {plan.blocked}
        </p>
      ) : null}
      <div className="erasure-parts">
        <div>
          <h4>Erased</h4>
          {erased.length ? (
            <ul>
              {erased.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          ) : (
            <p className="muted">Nothing of {your}s is held here.</p>
          )}
        </div>
        <div>
          <h4>Kept under a pseudonym</h4>
          {pseudonymised.length ? (
            <>
              <p className="muted">
                The workspace&apos;s records of what {who === 'self' ? 'you' : 'they'} did, with{' '}
                <code className="erasure-pseudonym">{plan.pseudonym}</code> in {your} place:
              </p>
              <ul>
                {pseudonymised.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            </>
          ) : (
            <p className="muted">None.</p>
          )}
        </div>
        <div>
          <h4>Kept, and why</h4>
          {plan.kept.length ? (
            <ul>
              {plan.kept.map((k) => (
                <li key={k.what}>
                  {keptWhat(k.what, who)} ({k.count.toLocaleString('en')}):{' '}
                  <span className="muted">{k.why}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">Nothing.</p>
          )}
        </div>
        {plan.holds.length ? (
          <div>
            <h4>Legal holds</h4>
            <p className="muted">
              These keep {your} messages they cover (their text moves to the workspace key):
            </p>
            <ul>
              {plan.holds.map((reason, i) => (
                <li key={`${i}:${reason}`}>{reason}</li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
    </section>
  );
}
