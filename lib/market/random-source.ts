import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { mersenne } from 'pure-rand/generator/mersenne';

/** A seeded source of uniform and standard-normal numbers; the same seed always yields the same sequence. */
export interface RandomSource {
  uniform(): number;
  normal(): number;
}

export function createRandomSource(seed: number): RandomSource {
  // The Mersenne Twister spreads its seed through its whole state, so nearby seeds (1, 2, 3…) give
  // unrelated markets; xoroshiro128+ seeded with a bare 32-bit number does not.
  const generator = mersenne(seed);
  // Box–Muller yields normals in pairs; the spare is kept so no draw is wasted and the
  // sequence stays a pure function of the seed.
  let spare: number | undefined;

  const uniform = (): number => uniformFloat64(generator);

  return {
    uniform,
    normal(): number {
      if (spare !== undefined) {
        const value = spare;
        spare = undefined;
        return value;
      }
      // 1 - u keeps the logarithm's argument in (0, 1].
      const radius = Math.sqrt(-2 * Math.log(1 - uniform()));
      const angle = 2 * Math.PI * uniform();
      spare = radius * Math.sin(angle);
      return radius * Math.cos(angle);
    },
  };
}
