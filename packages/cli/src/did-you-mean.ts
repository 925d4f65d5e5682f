/**
 * Edit distance between two short strings (names, flags), with a swap of two neighbours counted as
 * one edit ("sned" is one typo away from "send"): the optimal-string-alignment dynamic programme.
 */
function distance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[a.length]![b.length]!;
}

/**
 * The candidate closest to `input` when it is close enough to be a typo (at most a third of its
 * length, and at least one edit allowed), compared case-insensitively; undefined otherwise.
 */
export function closest(input: string, candidates: readonly string[]): string | undefined {
  const wanted = input.toLowerCase();
  const limit = Math.max(1, Math.floor(wanted.length / 3));
  let best: { name: string; score: number } | undefined;
  for (const name of candidates) {
    const score = distance(wanted, name.toLowerCase());
    if (score <= limit && (!best || score < best.score)) best = { name, score };
  }
  return best?.name;
}
