/** A labelled progress bar; without a value it shows that work has started but its size is unknown. */
export function ProgressBar(props: {
  readonly label: string;
  readonly value: number | null;
  readonly max?: number;
  readonly text?: string;
}) {
  const max = props.max ?? 100;
  const share = props.value === null || max <= 0 ? null : Math.min(1, Math.max(0, props.value / max));
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={props.label}
      aria-valuemin={0}
      aria-valuemax={max}
      {...(props.value === null ? {} : { 'aria-valuenow': Math.round(props.value) })}
      {...(props.text ? { 'aria-valuetext': props.text } : {})}
    >
      <div
        className={share === null ? 'progress-fill indeterminate' : 'progress-fill'}
        style={share === null ? undefined : { width: `${share * 100}%` }}
      />
    </div>
  );
}
