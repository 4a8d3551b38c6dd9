// The Wilson score interval for a success rate. It is used instead of the normal ("Wald")
// interval because node values rest on few runs and often sit at 0 or 1, where the Wald
// interval collapses to a single point and would make 2/2 look certain.

export interface Interval {
  low: number;
  high: number;
}

/** z for the usual two-sided confidence levels; `--z` takes any positive number. */
export const Z_90 = 1.645;
export const Z_95 = 1.96;
export const Z_99 = 2.576;

/** The Wilson score interval of `successes` out of `trials` at normal quantile `z`.
 * With no trials nothing is known: [0, 1]. */
export function wilsonInterval(successes: number, trials: number, z = Z_95): Interval {
  if (trials <= 0) return { low: 0, high: 1 };
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  // Clamp away floating-point dust so 0/n has low exactly 0 and n/n high exactly 1.
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}
