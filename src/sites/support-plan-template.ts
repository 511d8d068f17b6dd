/**
 * The community phase of peer support (handbook 14.1, 14.2, 14.8, 14.9): an intensive period of
 * frequent contact after discharge, then the ten-week step-down with contacts reducing in frequency,
 * closing with an ending session. A site may tune it within SUPPORT_PLAN_TEMPLATE_BOUNDS.
 */
export interface StepDownBand {
  /** How many weeks of the step-down this band lasts. */
  weeks: number;
  /** One planned contact every this many weeks within the band. */
  everyWeeks: number;
}

export interface SupportPlanTemplate {
  /** Weeks of intensive contact after discharge; the first contact is the first community meeting. */
  intensiveWeeks: number;
  /** Planned contacts in each intensive week. */
  intensiveContactsPerWeek: number;
  /** Length of the step-down in weeks, the ending session's weeks included. */
  stepDownWeeks: number;
  /** The step-down's bands, in order, each no more frequent than the one before; the weeks left after them hold the ending session. */
  stepDownBands: StepDownBand[];
  /** Most step-down contacts a coordinator may add to one plan (an extension, with a reason). */
  maxExtensionContacts: number;
}

/**
 * ENRICH defaults (domain brief, "Community delivery"): weekly contact in the early weeks, then the
 * ten-week step-down — weeks 1–4 weekly, 5–8 fortnightly, one final (ending) meeting in weeks 9–10.
 * Six intensive weeks plus ten step-down weeks end the relationship about four months after discharge.
 */
export const DEFAULT_SUPPORT_PLAN_TEMPLATE: Readonly<SupportPlanTemplate> = Object.freeze({
  intensiveWeeks: 6,
  intensiveContactsPerWeek: 1,
  stepDownWeeks: 10,
  stepDownBands: [
    { weeks: 4, everyWeeks: 1 },
    { weeks: 4, everyWeeks: 2 },
  ],
  maxExtensionContacts: 4,
});

/** What a site may set (inclusive); documented in docs/walkthroughs/support-in-the-community.md and enforced on PUT …/support-plan-template. */
export const SUPPORT_PLAN_TEMPLATE_BOUNDS = {
  intensiveWeeks: { min: 1, max: 12 },
  intensiveContactsPerWeek: { min: 1, max: 3 },
  stepDownWeeks: { min: 4, max: 20 },
  stepDownBandCount: { min: 1, max: 4 },
  bandWeeks: { min: 1, max: 12 },
  bandEveryWeeks: { min: 1, max: 4 },
  maxExtensionContacts: { min: 0, max: 8 },
} as const;

export interface TemplateViolation {
  field: string;
  message: string;
}

/** Every rule the template breaks, each naming its field (empty when the template is acceptable). */
export function supportPlanTemplateViolations(t: SupportPlanTemplate): TemplateViolation[] {
  const b = SUPPORT_PLAN_TEMPLATE_BOUNDS;
  const out: TemplateViolation[] = [];
  const within = (field: string, value: number, { min, max }: { min: number; max: number }) => {
    if (!Number.isInteger(value) || value < min || value > max)
      out.push({ field, message: `${field} must be a whole number from ${min} to ${max}` });
  };
  within('intensiveWeeks', t.intensiveWeeks, b.intensiveWeeks);
  within('intensiveContactsPerWeek', t.intensiveContactsPerWeek, b.intensiveContactsPerWeek);
  within('stepDownWeeks', t.stepDownWeeks, b.stepDownWeeks);
  within('maxExtensionContacts', t.maxExtensionContacts, b.maxExtensionContacts);
  const bands = t.stepDownBands ?? [];
  if (bands.length < b.stepDownBandCount.min || bands.length > b.stepDownBandCount.max) {
    out.push({
      field: 'stepDownBands',
      message: `stepDownBands must have ${b.stepDownBandCount.min} to ${b.stepDownBandCount.max} bands`,
    });
  }
  bands.forEach((band, i) => {
    within(`stepDownBands.${i}.weeks`, band.weeks, b.bandWeeks);
    within(`stepDownBands.${i}.everyWeeks`, band.everyWeeks, b.bandEveryWeeks);
    if (band.everyWeeks > band.weeks)
      out.push({
        field: `stepDownBands.${i}.everyWeeks`,
        message: 'A band must hold at least one contact: everyWeeks cannot exceed weeks',
      });
    if (i > 0 && band.everyWeeks < bands[i - 1].everyWeeks) {
      out.push({
        field: `stepDownBands.${i}.everyWeeks`,
        message: 'The step-down reduces contact: each band is no more frequent than the one before',
      });
    }
  });
  const bandWeeks = bands.reduce((sum, band) => sum + band.weeks, 0);
  if (bandWeeks >= t.stepDownWeeks) {
    out.push({
      field: 'stepDownBands',
      message: `The bands (${bandWeeks} weeks) must leave at least one of the ${t.stepDownWeeks} step-down weeks for the ending session`,
    });
  }
  return out;
}
