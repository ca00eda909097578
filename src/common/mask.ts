/** +14155550123 -> +1415*****23: enough to tell numbers apart in logs, not to dial them. */
export function maskPhone(phone: string): string {
  if (phone.length <= 6) return '*'.repeat(phone.length);
  return phone.slice(0, 5) + '*'.repeat(phone.length - 7) + phone.slice(-2);
}

const PHONE_PATTERN = /\+?\d[\d\s().-]{7,}\d/g;

/** Masks anything that looks like a phone number inside free text (log lines, error messages). */
export function maskPhonesInText(text: string): string {
  return text.replace(PHONE_PATTERN, (match) => maskPhone(match.replace(/[\s().-]/g, '')));
}
