import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { mersenne } from 'pure-rand/generator/mersenne';

/** Characters that may stand in a query string as they are. */
export const QUERY_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$'()*,;:@/?";

/** Draws for generating inputs: the same seed always gives the same draws, so a failure can be replayed. */
export interface Fuzz {
  readonly seed: number;
  /** A whole number in [min, max]. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** `min` to `max` characters drawn from `alphabet`. */
  text(alphabet: string, min: number, max: number): string;
  bytes(min: number, max: number): Buffer;
  shuffle<T>(items: readonly T[]): T[];
}

export function createFuzz(seed: number): Fuzz {
  const generator = mersenne(seed);
  const int = (min: number, max: number) => uniformInt(generator, min, max);
  const pick = <T>(items: readonly T[]): T => {
    const item = items[int(0, items.length - 1)];
    if (item === undefined) throw new Error('nothing to pick from');
    return item;
  };
  return {
    seed,
    int,
    chance: (probability) => int(0, 9999) < probability * 10_000,
    pick,
    text: (alphabet, min, max) => Array.from({ length: int(min, max) }, () => pick([...alphabet])).join(''),
    bytes: (min, max) => Buffer.from(Array.from({ length: int(min, max) }, () => int(0, 255))),
    shuffle: <T>(items: readonly T[]) => {
      const copy = [...items];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = int(0, i);
        [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
      }
      return copy;
    },
  };
}
