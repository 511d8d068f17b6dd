import { csvField, csvLine } from './report-csv';

describe('report CSV', () => {
  it('quotes a field holding a comma, a quote or a line break, doubling the quotes', () => {
    expect(csvField('Willow, Ward')).toBe('"Willow, Ward"');
    expect(csvField('the "Hub"')).toBe('"the ""Hub"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });

  it('writes empty for null and plain text for numbers', () => {
    expect(csvLine([null, 3, 0.5, 'x'])).toBe(',3,0.5,x\r\n');
  });
});
