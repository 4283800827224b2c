const unitMs = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Milliseconds in a duration written like `30s`, `5m`, `1h`, `7d`; the schemas have already checked the form. */
export function parseDuration(text: string): number {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(text.trim());
  if (!match) throw new RangeError(`Not a duration: "${text}"`);
  return Number(match[1]) * unitMs[match[2] as keyof typeof unitMs];
}

/** The shortest of `1d`, `5m`, `30s`, `250ms` that says exactly this many milliseconds. */
export function formatDuration(ms: number): string {
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    if (ms >= unitMs[unit] && ms % unitMs[unit] === 0) return `${ms / unitMs[unit]}${unit}`;
  }
  return `${ms}ms`;
}
