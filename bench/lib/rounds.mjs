// Interleaved rounds: every contender once per round (A B A B), the order rotated each round so
// none always runs first on a warm or cold machine; results summarised as median [min-max].

/** The contenders in round `round`'s order (rotated by the round number). */
export function rotated(contenders, round) {
  const shift = round % contenders.length;
  return [...contenders.slice(shift), ...contenders.slice(0, shift)];
}

export function median(values) {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** "median [min-max]" with `format` applied to each figure; just the value for a single round. */
export function spread(values, format = (v) => String(v)) {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return '-';
  const m = format(median(finite));
  if (finite.length === 1) return m;
  return `${m} [${format(Math.min(...finite))}-${format(Math.max(...finite))}]`;
}
