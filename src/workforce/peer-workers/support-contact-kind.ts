/** Employment and welfare support for peer workers (handbook 6.7): the two kinds of contact recorded. */
export const SUPPORT_CONTACT_KINDS = ['employment', 'welfare'] as const;
export type SupportContactKind = (typeof SUPPORT_CONTACT_KINDS)[number];
