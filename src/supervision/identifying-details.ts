import { isValidNhsNumber } from '../common/nhs-number/nhs-number';

/**
 * What may identify a service user in free text: an NHS number (10 digits, valid Modulus 11 check digit,
 * with or without the usual 3-3-4 spacing), a record id (UUID: an episode or service user reference), or a
 * date-of-birth label. Names of the site's service users are checked against the database separately.
 */
export type IdentifyingDetail = 'nhs_number' | 'record_id' | 'date_of_birth';

const NHS_NUMBER_CANDIDATE = /(?<![\d])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\d])/g;
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i;
const DOB_LABEL = /\b(d\.?\s?o\.?\s?b\.?|date of birth|born on)\b/i;

export function identifyingDetailsIn(text: string): IdentifyingDetail[] {
  const found = new Set<IdentifyingDetail>();
  for (const match of text.matchAll(NHS_NUMBER_CANDIDATE)) {
    if (isValidNhsNumber(match[1] + match[2] + match[3])) found.add('nhs_number');
  }
  if (UUID.test(text)) found.add('record_id');
  if (DOB_LABEL.test(text)) found.add('date_of_birth');
  return [...found];
}
