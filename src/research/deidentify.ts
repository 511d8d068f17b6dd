import { createHmac } from 'node:crypto';

/** One named extract key: its id (named in the request and the audit) and its HMAC secret (never shown). */
export interface ExtractKey {
  id: string;
  secret: string;
}

export type DateHandling = 'shift' | 'week' | 'month';

/** `id:secret,id:secret` (or `none`) as RESEARCH_EXTRACT_KEYS holds it; the format is checked at start-up. */
export function parseExtractKeys(value: string): Map<string, ExtractKey> {
  const keys = new Map<string, ExtractKey>();
  if (value.trim() === 'none') return keys;
  for (const pair of value.split(',')) {
    const at = pair.indexOf(':');
    const id = pair.slice(0, at).trim();
    if (keys.has(id)) throw new Error(`RESEARCH_EXTRACT_KEYS names the key "${id}" twice`);
    keys.set(id, { id, secret: pair.slice(at + 1) });
  }
  return keys;
}

/** Age bands at the index date (first discharge, or referral before one). */
export const AGE_BANDS = ['under_18', '18-24', '25-34', '35-44', '45-54', '55-64', '65_and_over'] as const;

export function ageBand(age: number | null): string | null {
  if (age === null) return null;
  if (age < 18) return 'under_18';
  if (age >= 65) return '65_and_over';
  const bands: [number, string][] = [
    [25, '18-24'],
    [35, '25-34'],
    [45, '35-44'],
    [55, '45-54'],
    [65, '55-64'],
  ];
  return bands.find(([below]) => age < below)![1];
}

const DAY_MS = 86_400_000;
const toDays = (date: string) => Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) / DAY_MS;
const fromDays = (days: number) => new Date(days * DAY_MS).toISOString().slice(0, 10);

/** A YYYY-MM-DD date moved by whole days (calendar arithmetic in UTC, so no zone or DST enters). */
export const shiftDate = (date: string, days: number) => fromDays(toDays(date) + days);
/** The Monday of the ISO week the date falls in. */
export const weekOf = (date: string) => {
  const days = toDays(date);
  const weekday = (new Date(days * DAY_MS).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return fromDays(days - weekday);
};
export const monthOf = (date: string) => date.slice(0, 7);

/**
 * The de-identification of one extract under one key. A person's pseudonym is HMAC-SHA256(secret, service user
 * id) in hex: stable for a key, unrelated across keys, and not reversible without the secret. Episode references
 * are HMACs too (of `episode:<id>`, shortened), so no database id leaves. Dates are shifted by a per-person
 * offset drawn from HMAC(secret, `date-shift:<id>`) — never zero, within ±shiftDays — so intervals within a
 * person are kept exactly; or coarsened to the week (its Monday) or month (YYYY-MM).
 */
export class Deidentifier {
  private lastPerson: { id: string; pseudonym: string; shift: number } | null = null;
  private lastEpisode: { id: string; reference: string } | null = null;

  constructor(
    private readonly key: ExtractKey,
    readonly dates: DateHandling,
    readonly shiftDays: number,
  ) {}

  private hmac(text: string): Buffer {
    return createHmac('sha256', this.key.secret).update(text).digest();
  }

  /** Rows arrive ordered by person: the last person's values are reused, so a million rows cost few HMACs. */
  private person(serviceUserId: string): { pseudonym: string; shift: number } {
    if (this.lastPerson?.id !== serviceUserId) {
      const draw = this.hmac(`date-shift:${serviceUserId}`).readUInt32BE(0) % (2 * this.shiftDays);
      this.lastPerson = {
        id: serviceUserId,
        pseudonym: this.hmac(serviceUserId).toString('hex'),
        // 0 … 2N-1 onto -N … -1, 1 … N: nobody keeps their real dates.
        shift: draw < this.shiftDays ? draw - this.shiftDays : draw - this.shiftDays + 1,
      };
    }
    return this.lastPerson;
  }

  pseudonym(serviceUserId: string): string {
    return this.person(serviceUserId).pseudonym;
  }

  episode(episodeId: string): string {
    if (this.lastEpisode?.id !== episodeId)
      this.lastEpisode = { id: episodeId, reference: this.hmac(`episode:${episodeId}`).toString('hex').slice(0, 32) };
    return this.lastEpisode.reference;
  }

  /** The offset this person's dates move by (shift mode); exposed for the tests and the bench, never extracted. */
  shiftOf(serviceUserId: string): number {
    return this.person(serviceUserId).shift;
  }

  date(serviceUserId: string, date: string | null): string | null {
    if (date === null) return null;
    if (this.dates === 'week') return weekOf(date);
    if (this.dates === 'month') return monthOf(date);
    return shiftDate(date, this.person(serviceUserId).shift);
  }
}
