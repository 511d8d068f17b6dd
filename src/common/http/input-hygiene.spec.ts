import { inputProblems, MAX_INPUT_DEPTH } from './input-hygiene';

const fields = (input: unknown) => inputProblems(input).map((p) => p.field);

describe('hostile input at the edge', () => {
  it('refuses a NUL character in any string, naming the field however deep it is', () => {
    expect(fields({ notes: 'met on the ward\u0000' })).toEqual(['notes']);
    expect(fields({ attendees: [{ role: 'peer_worker' }, { name: 'Dr\u0000 Who' }] })).toEqual(['attendees[1].name']);
  });

  it('refuses lone surrogates but keeps real astral characters (emoji)', () => {
    expect(fields({ email: 'jo\uD800@nhs.test' })).toEqual(['email']);
    expect(fields({ email: 'jo\uDC00@nhs.test' })).toEqual(['email']);
    expect(fields({ notes: 'Feeling good \u{1F600}' })).toEqual([]);
  });

  it('refuses control characters, but lets notes keep tabs and line breaks', () => {
    expect(fields({ notes: 'bell\u0007' })).toEqual(['notes']);
    expect(fields({ notes: 'escape\u001b[31m' })).toEqual(['notes']);
    expect(fields({ notes: 'first line\nsecond line\r\n\tindented' })).toEqual([]);
  });

  it('refuses names and titles that are blank, invisible or more than one line', () => {
    expect(fields({ displayName: '   ' })).toEqual(['displayName']);
    expect(fields({ givenName: '\u200B\u200C\u2060\uFEFF' })).toEqual(['givenName']);
    expect(fields({ title: 'Spring\ncampaign' })).toEqual(['title']);
    expect(fields({ name: 'Willow\tWard' })).toEqual(['name']);
    expect(fields({ displayName: 'Zoë Ní Bhriain-Okafor' })).toEqual([]);
  });

  it('refuses date-times without a zone and dates outside 1900-2100', () => {
    expect(fields({ plannedStartAt: '2026-12-01T10:00:00' })).toEqual(['plannedStartAt']);
    expect(fields({ plannedStartAt: '2026-12-01T10:00:00Z' })).toEqual([]);
    expect(fields({ plannedStartAt: '2026-12-01T10:00:00.000+01:00' })).toEqual([]);
    expect(fields({ heldOn: '9999-12-31' })).toEqual(['heldOn']);
    expect(fields({ dateOfBirth: '1899-12-31' })).toEqual(['dateOfBirth']);
    expect(fields({ dateOfBirth: '1935-02-11' })).toEqual([]);
  });

  it(`refuses bodies nested deeper than ${MAX_INPUT_DEPTH} levels without recursing`, () => {
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const problems = inputProblems({ unknownField: deep });
    expect(problems).toHaveLength(1);
    expect(problems[0].messages[0]).toMatch(/nested more than 16 levels deep/);
    expect(fields({ a: { b: { c: [1, 2, { d: 'fine' }] } } })).toEqual([]);
  });

  it('refuses a field name holding a NUL', () => {
    expect(fields({ plan: { 'bad\u0000key': 1 } })).toEqual(['plan']);
  });
});
