/** One figure of a range (the overview's and the Security page's cards), named for assistive tech. */
export function StatCard({ label, value, hint }: { label: string; value: number; hint?: string }) {
  const id = `card-${label.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <div role="group" aria-labelledby={id} className="admin-card">
      <span id={id} className="admin-card-label">
        {label}
      </span>
      <span className="admin-card-value">{value.toLocaleString()}</span>
      {hint ? <small className="muted">{hint}</small> : null}
    </div>
  );
}
