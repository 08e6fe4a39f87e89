import type { ReactNode } from 'react';
import { accentStyle } from './accent';
import type { Appearance } from './frame-bridge';

/** The panel's title bar in the workspace's colour, with the visitor's way out of the panel. */
export function WidgetHeader({
  appearance,
  onClose,
  actions,
}: {
  appearance: Appearance;
  onClose: () => void;
  actions?: ReactNode;
}) {
  return (
    <header className="widget-header" style={accentStyle(appearance.color)}>
      <div className="widget-heading">
        <h1>{appearance.title}</h1>
        {appearance.greeting ? <p>{appearance.greeting}</p> : null}
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
