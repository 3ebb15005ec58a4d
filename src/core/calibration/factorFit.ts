// The ratio of a model's tokens to a base count's (o200k_base's, or a published vocabulary's), fitted from pairs
// (base tokens of a text, the model's tokens of it): the Theil–Sen slope (the median of the slopes between every two pairs), which a few odd pairs (a turn
// whose text the log did not hold whole) do not move, with a per-turn offset of its own (the message format's few
// tokens each turn adds, whatever its text). Its interval is Sen's (1968) distribution-free 95 % interval of that
// median, from the ranks of the slopes.

export interface FactorPoint {
  /** Tokens of the text added, in the base count. */
  readonly base: number;
  /** The provider's tokens the prompt grew by. */
  readonly provider: number;
}

export interface FittedFactor {
  readonly factor: number;
  readonly low: number;
  readonly high: number;
  /** The pairs the fit stands on. */
  readonly pairs: number;
}

/** Fewer pairs than this give no fit: the interval would be as wide as the published one. */
export const MIN_PAIRS = 30;
/** At most this many pairs are fitted (spread over all of them): 720,000 slopes. */
const MAX_FITTED = 1_200;
/** Pairs whose text is shorter than this are left out: the per-turn offset would be most of them. */
const MIN_BASE = 20;
const Z_95 = 1.959964;

/** The fitted factor and its interval, or undefined with too few usable pairs. */
export function fitFactor(points: readonly FactorPoint[]): FittedFactor | undefined {
  const usable = points.filter((point) => point.base >= MIN_BASE && point.provider > 0);
  if (usable.length < MIN_PAIRS) return undefined;
  const step = usable.length / Math.min(usable.length, MAX_FITTED);
  const fitted: FactorPoint[] = [];
  for (let i = 0; i < usable.length && fitted.length < MAX_FITTED; i += step) fitted.push(usable[Math.floor(i)]);
  const slopes: number[] = [];
  for (let i = 0; i < fitted.length; i++) {
    for (let j = i + 1; j < fitted.length; j++) {
      const dx = fitted[j].base - fitted[i].base;
      if (dx !== 0) slopes.push((fitted[j].provider - fitted[i].provider) / dx);
    }
  }
  if (slopes.length === 0) return undefined;
  const sorted = Float64Array.from(slopes).sort();
  const n = fitted.length;
  const spread = Z_95 * Math.sqrt((n * (n - 1) * (2 * n + 5)) / 18);
  const at = (rank: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(rank)))];
  const middle = (sorted.length - 1) / 2;
  return {
    factor: (sorted[Math.floor(middle)] + sorted[Math.ceil(middle)]) / 2,
    low: at((sorted.length - spread) / 2 - 1),
    high: at((sorted.length + spread) / 2),
    pairs: usable.length,
  };
}
