'use client';
import { useState } from 'react';
import { useAlertChoices } from './alerts';

/** Sound and browser notifications for new visitor messages: off until the person turns them on. */
export function AlertChoices() {
  const { sound, notify, setSound, setNotify } = useAlertChoices();
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <fieldset className="inbox-alerts">
      <legend>When a visitor writes</legend>
      <label>
        <input type="checkbox" checked={sound} onChange={(e) => setSound(e.target.checked)} /> Play a sound
      </label>
      <label>
        <input
          type="checkbox"
          checked={notify}
          onChange={(e) => {
            void setNotify(e.target.checked).then(setProblem);
          }}
        />{' '}
        Show a notification when this tab is in the background
      </label>
      {problem ? (
        <p role="alert" className="form-error">
          {problem}
        </p>
      ) : null}
    </fieldset>
  );
}
