import { createHmac } from 'node:crypto';
import { ageBand, Deidentifier, monthOf, parseExtractKeys, shiftDate, weekOf } from './deidentify';

const key = { id: 'study', secret: 'a-secret-of-at-least-thirty-two-characters' };

describe('research extract de-identification', () => {
  it('parses id:secret pairs and none', () => {
    expect([...parseExtractKeys(`a:${'x'.repeat(32)},b-2:${'y'.repeat(40)}`).keys()]).toEqual(['a', 'b-2']);
    expect(parseExtractKeys('none').size).toBe(0);
    expect(() => parseExtractKeys(`a:${'x'.repeat(32)},a:${'y'.repeat(32)}`)).toThrow('twice');
  });

  it('bands ages at their limits', () => {
    expect([17, 18, 24, 25, 34, 35, 44, 45, 54, 55, 64, 65, 90].map(ageBand)).toEqual([
      'under_18',
      '18-24',
      '18-24',
      '25-34',
      '25-34',
      '35-44',
      '35-44',
      '45-54',
      '45-54',
      '55-64',
      '55-64',
      '65_and_over',
      '65_and_over',
    ]);
    expect(ageBand(null)).toBeNull();
  });

  it('shifts, and coarsens to the Monday of the ISO week or to the month, across year ends and leap days', () => {
    expect(shiftDate('2028-02-28', 1)).toBe('2028-02-29');
    expect(shiftDate('2026-01-03', -5)).toBe('2025-12-29');
    expect(weekOf('2027-01-03')).toBe('2026-12-28'); // a Sunday: its week began on the Monday before
    expect(weekOf('2026-12-07')).toBe('2026-12-07'); // a Monday
    expect(monthOf('2026-12-07')).toBe('2026-12');
    expect(new Deidentifier(key, 'week', 30).date('su', '2026-12-09')).toBe('2026-12-07');
    expect(new Deidentifier(key, 'month', 30).date('su', '2026-12-09')).toBe('2026-12');
  });

  it('draws a per-person shift within ±N, never 0, the same for the same person and key', () => {
    const d = new Deidentifier(key, 'shift', 3);
    const shifts = Array.from({ length: 400 }, (_, i) => d.shiftOf(`person-${i}`));
    expect(new Set(shifts)).toEqual(new Set([-3, -2, -1, 1, 2, 3]));
    expect(new Deidentifier(key, 'shift', 3).shiftOf('person-7')).toBe(shifts[7]);
    expect(d.date('person-7', '2026-06-15')).toBe(shiftDate('2026-06-15', shifts[7]));
  });

  it('pseudonymises with HMAC-SHA256 of the service user id under the key', () => {
    const d = new Deidentifier(key, 'shift', 30);
    expect(d.pseudonym('su-1')).toBe(createHmac('sha256', key.secret).update('su-1').digest('hex'));
    expect(
      new Deidentifier({ id: 'other', secret: 'another-secret-of-thirty-two-chars!!' }, 'shift', 30).pseudonym('su-1'),
    ).not.toBe(d.pseudonym('su-1'));
    expect(d.episode('ep-1')).toHaveLength(32);
    expect(d.episode('ep-1')).not.toBe(d.episode('ep-2'));
  });
});
