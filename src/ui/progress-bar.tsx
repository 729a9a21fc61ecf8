import './progress-bar.css';

/**
 * A determinate progress bar with the ARIA a screen reader needs: role, name, value and its words.
 * `value` is 0..1.
 */
export function ProgressBar({ value, label, valueText }: { value: number; label: string; valueText: string }) {
  const percent = Math.round(Math.min(1, Math.max(0, value)) * 100);
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      aria-valuetext={valueText}
    >
      <div className="progress__fill" style={{ transform: `scaleX(${percent / 100})` }} />
    </div>
  );
}
