import { Suspense } from 'react';
import { WidgetApp } from '@/components/widget/WidgetApp';
import { Connecting } from '@/components/widget/WidgetStatus';

/** `/widget?workspace=<slug>`: the chat panel that public/embed.js shows on a host page (docs/widget.md). */
export default function WidgetPage() {
  // The page is static; the query string is read in the browser (useSearchParams needs the boundary).
  return (
    <Suspense fallback={<Connecting />}>
      <WidgetApp />
    </Suspense>
  );
}
