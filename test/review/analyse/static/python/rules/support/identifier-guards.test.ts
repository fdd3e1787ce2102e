import { isIdentifierPattern } from '../../../../../../../src/review/analyse/static/python/rules/support/identifier-guards.js';

describe('isIdentifierPattern', () => {
  it('accepts patterns that only let a (schema-qualified) name through, anchored for the way they are applied', () => {
    expect(isIdentifierPattern('[a-zA-Z_][a-zA-Z0-9_]*(\\.[a-zA-Z_][a-zA-Z0-9_]*)?', 'fullmatch')).toBe(true);
    expect(isIdentifierPattern('^\\w+$', 'match')).toBe(true);
    expect(isIdentifierPattern('[a-z_]{1,63}$', 'match')).toBe(true);
    expect(isIdentifierPattern('^(?:created_at|title)$', 'search')).toBe(true);
    expect(isIdentifierPattern('created_at|title', 'fullmatch')).toBe(true);
  });

  it('rejects patterns that accept other text or leave an end open', () => {
    expect(isIdentifierPattern('[\\w ]+', 'fullmatch')).toBe(false);
    expect(isIdentifierPattern('.+', 'fullmatch')).toBe(false);
    expect(isIdentifierPattern('[^\']+', 'fullmatch')).toBe(false);
    expect(isIdentifierPattern('[a-z-]+', 'fullmatch')).toBe(false);
    expect(isIdentifierPattern('\\S+', 'fullmatch')).toBe(false);
    expect(isIdentifierPattern('[a-z_]+', 'match')).toBe(false);
    expect(isIdentifierPattern('^[a-z_]+', 'search')).toBe(false);
    expect(isIdentifierPattern('^a$|b', 'match')).toBe(false);
    expect(isIdentifierPattern('(?=x)\\w+', 'fullmatch')).toBe(false);
    expect(isIdentifierPattern(null, 'fullmatch')).toBe(false);
  });
});
