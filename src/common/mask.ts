/** +14155550123 -> +1415*****23: enough to tell numbers apart in logs, not to dial them. */
export function maskPhone(phone: string): string {
  if (phone.length <= 6) return '*'.repeat(phone.length);
  return phone.slice(0, 5) + '*'.repeat(phone.length - 7) + phone.slice(-2);
}

/** E.164 numbers: the form every phone takes inside this system (and in Twilio's error messages). */
const E164_PATTERN = /\+\d{8,15}\b/g;

/**
 * Masks E.164 numbers inside free text (log lines, provider error messages).
 * Bare digit runs are left alone: ids and UUID segments look like them.
 */
export function maskPhonesInText(text: string): string {
  return text.replace(E164_PATTERN, maskPhone);
}
