import type { ReactNode } from 'react';
import { WIDGET_AWAY_DEFAULT } from '../../shared/limits';
import { Avatar } from '../ui/Avatar';
import { accentStyle } from './accent';
import type { Appearance, Team } from './frame-bridge';

const REPLY: Record<Appearance['replyTime'], string> = {
  minutes: 'We typically reply in a few minutes',
  hour: 'We typically reply within an hour',
  day: 'We typically reply within a day',
};

/** What the header says about the team: how soon they reply, or that they are away. */
export function teamStatus(appearance: Appearance, team: Team): string {
  return team.online ? REPLY[appearance.replyTime] : appearance.awayMessage.trim() || WIDGET_AWAY_DEFAULT;
}

/**
 * The panel's title bar in the workspace's colour: title, greeting, a few faces of the team with
 * who is online, how soon they reply (or the away message), and the visitor's way out.
 */
export function WidgetHeader({
  appearance,
  onClose,
  actions,
  team,
}: {
  appearance: Appearance;
  onClose: () => void;
  actions?: ReactNode;
  /** Unknown before the session (or while loading): no faces, no status line. */
  team?: Team | null;
}) {
  return (
    <header className="widget-header" style={accentStyle(appearance.color)}>
      <div className="widget-heading">
        <h1>{appearance.title}</h1>
        {appearance.greeting ? <p>{appearance.greeting}</p> : null}
        {team ? (
          <div className="widget-team">
            {team.members.length ? (
              <ul className="widget-faces" aria-label="Our team">
                {team.members.map((m, i) => (
                  <li key={i} className="widget-face">
                    <Avatar
                      userId={`${m.firstName}#${i}`}
                      name={m.firstName}
                      text={m.initials}
                      colour={m.avatarColour}
                      size="sm"
                    />
                    {m.online ? <span className="widget-online" aria-hidden="true" /> : null}
                    <span className="sr-only">{`${m.firstName}${m.online ? ', online' : ''}`}</span>
                  </li>
                ))}
              </ul>
            ) : null}
            <p className="widget-reply" data-online={team.online}>
              {teamStatus(appearance, team)}
            </p>
          </div>
        ) : null}
      </div>
      <div className="widget-actions">
        {actions}
        <button type="button" aria-label="Close chat" onClick={onClose}>
          Close
        </button>
      </div>
    </header>
  );
}
