import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { IANAZone } from 'luxon';

/**
 * Time zones assumed for a phone number whose recipient has no timezone.
 * libphonenumber-js gives the number's country; this small table gives that
 * country's zones. For countries spanning several zones we list the main ones
 * from east to west and quiet hours require the send time to be inside the
 * window in EVERY listed zone (a US number with 08:00-21:00 gets messages
 * between 11:00 and 21:00 Eastern), so nobody is woken up; when the windows
 * never overlap we fall back to the first zone. Countries not listed: UTC.
 */
const COUNTRY_ZONES: Readonly<Record<string, readonly string[]>> = {
  US: ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles'],
  CA: ['America/Toronto', 'America/Winnipeg', 'America/Edmonton', 'America/Vancouver'],
  AU: ['Australia/Sydney', 'Australia/Adelaide', 'Australia/Perth'],
  BR: ['America/Sao_Paulo', 'America/Manaus'],
  MX: ['America/Mexico_City', 'America/Tijuana'],
  RU: ['Europe/Moscow'],
  GB: ['Europe/London'],
  IE: ['Europe/Dublin'],
  FR: ['Europe/Paris'],
  DE: ['Europe/Berlin'],
  ES: ['Europe/Madrid'],
  PT: ['Europe/Lisbon'],
  IT: ['Europe/Rome'],
  NL: ['Europe/Amsterdam'],
  BE: ['Europe/Brussels'],
  CH: ['Europe/Zurich'],
  AT: ['Europe/Vienna'],
  SE: ['Europe/Stockholm'],
  NO: ['Europe/Oslo'],
  DK: ['Europe/Copenhagen'],
  FI: ['Europe/Helsinki'],
  PL: ['Europe/Warsaw'],
  CZ: ['Europe/Prague'],
  HU: ['Europe/Budapest'],
  RO: ['Europe/Bucharest'],
  GR: ['Europe/Athens'],
  TR: ['Europe/Istanbul'],
  IL: ['Asia/Jerusalem'],
  AE: ['Asia/Dubai'],
  IN: ['Asia/Kolkata'],
  SG: ['Asia/Singapore'],
  HK: ['Asia/Hong_Kong'],
  PH: ['Asia/Manila'],
  CN: ['Asia/Shanghai'],
  JP: ['Asia/Tokyo'],
  KR: ['Asia/Seoul'],
  NZ: ['Pacific/Auckland'],
  ZA: ['Africa/Johannesburg'],
  NG: ['Africa/Lagos'],
  KE: ['Africa/Nairobi'],
  AR: ['America/Argentina/Buenos_Aires'],
  CL: ['America/Santiago'],
  CO: ['America/Bogota'],
  PE: ['America/Lima'],
};

/** Zones to honour for a recipient: its own valid timezone, else its number's country's zones, else UTC. */
export function zonesForRecipient(phone: string, timezone: string | null | undefined): string[] {
  if (timezone && IANAZone.isValidZone(timezone)) return [timezone];
  const country = parsePhoneNumberFromString(phone)?.country;
  const zones = country ? COUNTRY_ZONES[country] : undefined;
  return zones ? [...zones] : ['UTC'];
}
