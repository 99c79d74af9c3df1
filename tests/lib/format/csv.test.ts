import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from '../../../lib/format/csv';

describe('csv', () => {
  describe('csvField', () => {
    it('should leave a plain field as it is', () => {
      expect(csvField('bytesUp')).toBe('bytesUp');
      expect(csvField('http://127.0.0.1:3000/')).toBe('http://127.0.0.1:3000/');
      expect(csvField('')).toBe('');
    });

    it('should quote a field with a comma, a line break or a carriage return', () => {
      expect(csvField('a,b')).toBe('"a,b"');
      expect(csvField('two\nlines')).toBe('"two\nlines"');
      expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    });

    it('should double the quotes inside a quoted field', () => {
      expect(csvField('say "hi"')).toBe('"say ""hi"""');
      expect(csvField('"')).toBe('""""');
    });

    it('should quote a field with spaces at either end, so a reader does not trim them', () => {
      expect(csvField(' lead')).toBe('" lead"');
      expect(csvField('trail ')).toBe('"trail "');
      expect(csvField('in side')).toBe('in side');
    });
  });

  describe('toCsv', () => {
    it('should end every row, the last one too, with CRLF', () => {
      expect(
        toCsv([
          ['section', 'field', 'value'],
          ['meta', 'url', 'http://x/?a=1,2'],
        ]),
      ).toBe('section,field,value\r\nmeta,url,"http://x/?a=1,2"\r\n');
    });

    it('should give an empty text for no rows', () => {
      expect(toCsv([])).toBe('');
    });
  });
});
