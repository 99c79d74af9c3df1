import type { RandomSource } from './random-source';

/** A simulated listing. Drift and volatility are per minute of wall-clock time, so prices move visibly in a demo. */
export interface SymbolInfo {
  readonly symbol: string;
  readonly name: string;
  /** Price at market start, in integer cents. */
  readonly openCents: number;
  /** μ of the geometric Brownian motion, per minute. */
  readonly drift: number;
  /** σ of the geometric Brownian motion, per √minute. */
  readonly volatility: number;
}

// Fictional companies: real tickers with simulated prices would look like market data and mislead.
const NAMED: ReadonlyArray<readonly [string, string]> = [
  ['ACME', 'Acme Anvils'],
  ['BOLT', 'Bolt Robotics'],
  ['CRUX', 'Crux Semiconductors'],
  ['DUNE', 'Dune Solar'],
  ['EMBR', 'Ember Foods'],
  ['FJRD', 'Fjord Shipping'],
  ['GLYF', 'Glyph Software'],
  ['HALO', 'Halo Biotech'],
  ['IRIS', 'Iris Optics'],
  ['JUNO', 'Juno Aerospace'],
  ['KILN', 'Kiln Ceramics'],
  ['LUMA', 'Luma Lighting'],
  ['MOSS', 'Moss Agritech'],
  ['NOVA', 'Nova Energy'],
  ['ORCA', 'Orca Marine'],
  ['PIKE', 'Pike Logistics'],
  ['QUIL', 'Quill Media'],
  ['RUNE', 'Rune Security'],
  ['SILO', 'Silo Storage'],
  ['TERN', 'Tern Airlines'],
];

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Beyond the named twenty, tickers are generated: "XA", "XB", … "XZ", then "XAA", … — short and unique. */
function generatedTicker(index: number): string {
  let n = index - NAMED.length;
  let suffix = '';
  do {
    suffix = LETTERS[n % LETTERS.length] + suffix;
    n = Math.floor(n / LETTERS.length) - 1;
  } while (n >= 0);
  return `X${suffix}`;
}

/** Creates `count` symbols with seeded open prices (log-uniform $10–$500), drift and volatility. */
export function createSymbolUniverse(count: number, random: RandomSource): SymbolInfo[] {
  const symbols: SymbolInfo[] = [];
  for (let index = 0; index < count; index++) {
    const named = NAMED[index];
    const symbol = named ? named[0] : generatedTicker(index);
    const openDollars = Math.exp(Math.log(10) + random.uniform() * (Math.log(500) - Math.log(10)));
    symbols.push({
      symbol,
      name: named ? named[1] : `Simulated ${symbol}`,
      openCents: Math.max(1, Math.round(openDollars * 100)),
      drift: (random.uniform() - 0.5) * 0.002,
      volatility: 0.003 + random.uniform() * 0.012,
    });
  }
  return symbols;
}
