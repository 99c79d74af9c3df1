/**
 * One step of geometric Brownian motion:
 *   S(t + dt) = S(t) · exp((μ − σ²/2)·dt + σ·√dt·Z),  Z ~ N(0, 1).
 * The result is always positive and finite for a positive price, whatever Z is: where the exponential would
 * underflow to 0 or overflow to ∞ in floating point, the result is held at the smallest or largest double.
 */
export function gbmStep(price: number, drift: number, volatility: number, dt: number, z: number): number {
  const next = price * Math.exp((drift - (volatility * volatility) / 2) * dt + volatility * Math.sqrt(dt) * z);
  return Math.min(Number.MAX_VALUE, Math.max(Number.MIN_VALUE, next));
}
