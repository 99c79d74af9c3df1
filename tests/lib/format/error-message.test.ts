import { describe, expect, it } from 'vitest';
import { errorMessage } from '../../../lib/format/error-message';

describe('errorMessage', () => {
  it("should give an Error's message without its name or stack", () => {
    expect(errorMessage(new RangeError('port 70000 is out of range'))).toBe('port 70000 is out of range');
  });

  it('should give a thrown non-Error as text', () => {
    expect(errorMessage('ECONNREFUSED')).toBe('ECONNREFUSED');
    expect(errorMessage(42)).toBe('42');
    expect(errorMessage(undefined)).toBe('undefined');
  });
});
