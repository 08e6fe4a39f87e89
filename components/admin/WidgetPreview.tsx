'use client';
import { useState } from 'react';
import type { Appearance, Team } from '@/components/widget/frame-bridge';
import { WidgetHeader } from '@/components/widget/WidgetHeader';
import { Avatar } from '@/components/ui/Avatar';
import { useMediaQuery } from '@/components/ui/use-media-query';
import '@/components/widget/widget.css';

// A made-up team, online, so the preview shows the faces and the reply time.
const SAMPLE_TEAM: Team = {
  online: true,
  members: [
    { firstName: 'Maya', initials: 'MR', avatarColour: null, online: true },
    { firstName: 'Leo', initials: 'LK', avatarColour: null, online: false },
  ],
};
const AWAY_TEAM: Team = { online: false, members: SAMPLE_TEAM.members.map((m) => ({ ...m, online: false })) };

/**
 * The widget as visitors will see it with the settings being typed (not yet saved): the real
 * header, a sample exchange and the composer, in the chosen colour and theme. `host` and `visitor`
 * depend on a page the console cannot see, so they preview this browser's preference.
 */
export function WidgetPreview({ appearance }: { appearance: Appearance }) {
  const [away, setAway] = useState(false);
  const dark = useMediaQuery('(prefers-color-scheme: dark)');
  const fixed = appearance.theme === 'light' || appearance.theme === 'dark' ? appearance.theme : null;
  const theme = fixed ?? (dark ? 'dark' : 'light');
  return (
    <figure className="widget-preview" aria-labelledby="widget-preview-h">
      <figcaption id="widget-preview-h">Preview ({theme === 'dark' ? 'dark' : 'light'})</figcaption>
      {/* inert: a picture of the widget, not a second form; nothing in it can be focused. */}
      <div className={`widget widget-preview-frame widget-theme-${theme}`} data-testid="widget-preview" inert>
        <WidgetHeader appearance={appearance} onClose={() => {}} team={away ? AWAY_TEAM : SAMPLE_TEAM} />
        <ol className="widget-preview-msgs">
          <li className="widget-preview-msg">
            <Avatar userId="preview-team" name="Maya R" size="sm" />
            <p>
              <strong>Maya</strong> Hi! How can we help today?
            </p>
          </li>
          <li className="widget-preview-msg widget-preview-mine">
            <p>
              <strong>You</strong> Where can I find my invoice?
            </p>
          </li>
        </ol>
        <div className="widget-preview-composer">
          <span>Write a message…</span>
        </div>
      </div>
      <label className="admin-check">
        <input type="checkbox" checked={away} onChange={(e) => setAway(e.target.checked)} />
        Show as when nobody is online
      </label>
    </figure>
  );
}
