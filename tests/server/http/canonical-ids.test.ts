import { describe, expect, it } from 'vitest';
import { CanonicalIds } from '../../../server/http/canonical-ids';

// Which string object comes back cannot be seen from JavaScript (equal strings are equal whatever their
// storage): what can be checked is that the cache never changes an id, before or after it starts over.
describe('CanonicalIds', () => {
  it('should hand back every id unchanged, the first time and after', () => {
    const ids = new CanonicalIds(10);
    const url = '/api/ticks?since=1&epoch=2&tab=abcdefgh_-012345';
    const id = url.slice(url.indexOf('tab=') + 4);
    expect(ids.of(id)).toBe('abcdefgh_-012345');
    expect(ids.of(id)).toBe('abcdefgh_-012345');
  });

  it('should keep handing back ids unchanged once it has started over at its limit', () => {
    const ids = new CanonicalIds(3);
    const names = Array.from({ length: 10 }, (_, i) => `tab-${String(i).padStart(8, '0')}`);
    for (let round = 0; round < 3; round++) {
      for (const name of names) expect(ids.of(name)).toBe(name);
    }
  });
});
