/**
 * One step of geometric Brownian motion:
 *   S(t + dt) = S(t) · exp((μ − σ²/2)·dt + σ·√dt·Z),  Z ~ N(0, 1).
 * The result is always positive for a positive price, whatever Z is.
 */
export function gbmStep(price: number, drift: number, volatility: number, dt: number, z: number): number {
  return price * Math.exp((drift - (volatility * volatility) / 2) * dt + volatility * Math.sqrt(dt) * z);
}
