/**
 * Mann–Whitney U test (one-sided: are the `slower` values larger than the `others`?): exact for
 * small samples without ties, else the normal approximation with a tie and a continuity correction.
 * persona-disparity uses it from about five values a side (below that the ratio alone decides);
 * slow-down from three runs of a step against the baseline's.
 */
export function mannWhitneyGreater(slower: readonly number[], others: readonly number[]): { u: number; p: number } {
  const n1 = slower.length;
  const n2 = others.length;
  if (n1 === 0 || n2 === 0) return { u: 0, p: 1 };
  const all = [...slower.map((v) => ({ v, a: true })), ...others.map((v) => ({ v, a: false }))].sort((x, y) => x.v - y.v);
  // Average ranks for ties; and Σ(t³ − t) for the variance correction.
  const ranks = new Array<number>(all.length);
  let tieTerm = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j + 1 < all.length && all[j + 1].v === all[i].v) j++;
    const rank = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) ranks[k] = rank;
    const t = j - i + 1;
    tieTerm += t * t * t - t;
    i = j + 1;
  }
  const r1 = all.reduce((sum, x, i) => (x.a ? sum + ranks[i] : sum), 0);
  const u = r1 - (n1 * (n1 + 1)) / 2;
  // Small samples without ties: the exact distribution (the normal approximation is too coarse
  // there: 5 runs all slower than 10 is p = 1/3003, which it puts at 0.0013).
  if (tieTerm === 0 && n1 + n2 <= EXACT_MAX) return { u, p: exactUpperTail(n1, n2, u) };
  const n = n1 + n2;
  const mean = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (variance <= 0) return { u, p: u > mean ? 0 : 1 };
  const z = (u - mean - 0.5) / Math.sqrt(variance);
  return { u, p: 1 - normalCdf(z) };
}

const EXACT_MAX = 60;

/**
 * P(U ≥ u) under the null hypothesis, exactly: the share of the C(n1+n2, n1) orderings of the two
 * samples whose U is at least u. Counted by dynamic programming on the largest value: it is from
 * the first sample (adding n2 to U) or from the second, so f(i, j, k) = f(i−1, j, k−j) + f(i, j−1, k).
 */
function exactUpperTail(n1: number, n2: number, u: number): number {
  const maxU = n1 * n2;
  const zeros = () => new Array<number>(maxU + 1).fill(0);
  // With j = 0 second-sample values there is one ordering, with U = 0, for any i.
  let byI: number[][] = Array.from({ length: n1 + 1 }, () => {
    const row = zeros();
    row[0] = 1;
    return row;
  });
  for (let j = 1; j <= n2; j++) {
    const next: number[][] = [byI[0]];
    for (let i = 1; i <= n1; i++) {
      const row = zeros();
      for (let k = 0; k <= maxU; k++) row[k] = (k >= j ? next[i - 1][k - j] : 0) + byI[i][k];
      next.push(row);
    }
    byI = next;
  }
  const counts = byI[n1];
  const total = counts.reduce((a, b) => a + b, 0);
  let tail = 0;
  for (let k = Math.ceil(u - 1e-9); k <= maxU; k++) tail += counts[k];
  return tail / total;
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 through erf; error < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

export const median = (values: readonly number[]): number => {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
