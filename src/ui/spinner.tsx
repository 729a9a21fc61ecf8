/** The same ring the static shell in index.html draws, so nothing moves when React takes over. */
export function Spinner() {
  return <div className="spinner" aria-hidden="true" />;
}
