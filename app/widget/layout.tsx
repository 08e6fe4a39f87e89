import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import '@/components/widget/widget.css';

export const metadata: Metadata = { title: 'Chat', robots: { index: false, follow: false } };

/**
 * The embeddable widget's frame: no app header, session or providers (a third-party frame gets no
 * cookies; components/widget brings its own, authenticated with the widget session's token).
 */
export default function WidgetLayout({ children }: { children: ReactNode }) {
  return <main className="widget-main">{children}</main>;
}
