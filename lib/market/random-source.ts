import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { mersenne, mersenneFromState } from 'pure-rand/generator/mersenne';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

/** Where a random source stands: enough to carry on elsewhere with the very same draws. */
export interface RandomSourceState {
  readonly generator: readonly number[];
  /** The second normal of the last Box–Muller pair, not drawn yet. */
  readonly spare: number | null;
}

/** A seeded source of uniform and standard-normal numbers; the same seed always yields the same sequence. */
export interface RandomSource {
  uniform(): number;
  normal(): number;
  state(): RandomSourceState;
}

export function createRandomSource(seed: number): RandomSource {
  // The Mersenne Twister spreads its seed through its whole state, so nearby seeds (1, 2, 3…) give
  // unrelated markets; xoroshiro128+ seeded with a bare 32-bit number does not.
  return sourceOver(mersenne(seed), undefined);
}

/** A source that draws exactly what the one whose state this is would have drawn next. */
export function restoreRandomSource(state: RandomSourceState): RandomSource {
  return sourceOver(mersenneFromState(state.generator), state.spare ?? undefined);
}

function sourceOver(generator: RandomGenerator, initialSpare: number | undefined): RandomSource {
  // Box–Muller yields normals in pairs; the spare is kept so no draw is wasted and the
  // sequence stays a pure function of the seed.
  let spare = initialSpare;

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
    state: () => ({ generator: generator.getState(), spare: spare ?? null }),
  };
}
