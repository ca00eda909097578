import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { RecipientLimits } from './recipient-limits.js';

export type PhoneResult = { ok: true; e164: string } | { ok: false; reason: string };

/**
 * Reads a phone number as a person would type it and returns E.164.
 * National numbers are read in `defaultCountry` (the account's). Validity uses
 * libphonenumber's full ("max") metadata, which knows the real number ranges,
 * so "+1 555 000" or a UK number with a digit missing is refused here rather
 * than by the carrier.
 */
export function normalisePhone(raw: unknown, defaultCountry: string): PhoneResult {
  if (raw === undefined || raw === null || raw === '') return { ok: false, reason: 'phone is required' };
  if (typeof raw !== 'string') return { ok: false, reason: 'phone must be a string' };
  const text = raw.trim();
  if (text === '') return { ok: false, reason: 'phone is required' };
  if (text.length > RecipientLimits.maxPhoneLength) {
    return { ok: false, reason: `phone is longer than ${RecipientLimits.maxPhoneLength} characters` };
  }
  const international = /^(\+|tel:)/i.test(text);
  const parsed = parsePhoneNumberFromString(text, { defaultCountry: defaultCountry as never });
  if (!parsed) return { ok: false, reason: 'not a phone number' };
  if (!parsed.isValid()) {
    return {
      ok: false,
      reason: international
        ? `not a valid phone number for country code +${parsed.countryCallingCode}`
        : `not a valid phone number for ${defaultCountry}`,
    };
  }
  // An SMS cannot reach an extension; silently dropping it would merge two contacts.
  if (parsed.ext) return { ok: false, reason: 'phone has an extension; SMS cannot reach extensions' };
  return { ok: true, e164: parsed.number };
}
