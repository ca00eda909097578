import { MAGIC_TO_NUMBERS, TwilioApiError } from './twilio-errors.js';

export const MAX_BODY_LENGTH = 1600;

const E164 = /^\+[1-9]\d{6,14}$/;
const SHORT_CODE = /^\d{3,8}$/;
/** Alphanumeric sender IDs: up to 11 characters, at least one letter. */
const ALPHANUMERIC_SENDER = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;
const MESSAGING_SERVICE_SID = /^MG[0-9a-fA-F]{32}$/;

/** What a valid create request boils down to. */
export interface CreateMessageRequest {
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  statusCallback: string | null;
}

/**
 * Checks POST Messages.json parameters the way Twilio does, in the same order
 * and with the same codes, so the app's error handling meets real answers.
 */
export function validateCreateMessage(params: URLSearchParams): CreateMessageRequest {
  const to = params.get('To')?.trim() ?? '';
  const from = params.get('From')?.trim() || null;
  const messagingServiceSid = params.get('MessagingServiceSid')?.trim() || null;
  const body = params.get('Body') ?? '';
  const statusCallback = params.get('StatusCallback')?.trim() || null;

  if (!to) throw new TwilioApiError(400, 21604, "A 'To' phone number is required.");
  if (!E164.test(to)) throw new TwilioApiError(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
  if (!from && !messagingServiceSid) throw new TwilioApiError(400, 21603, "A 'From' phone number is required.");
  if (from && messagingServiceSid) {
    throw new TwilioApiError(400, 21603, "Specify exactly one of 'From' or 'MessagingServiceSid'.");
  }
  if (from && !E164.test(from) && !SHORT_CODE.test(from) && !ALPHANUMERIC_SENDER.test(from)) {
    throw new TwilioApiError(400, 21212, `The 'From' number ${from} is not a valid phone number, shortcode, or alphanumeric sender ID.`);
  }
  if (messagingServiceSid && !MESSAGING_SERVICE_SID.test(messagingServiceSid)) {
    throw new TwilioApiError(400, 21705, `The Messaging Service Sid ${messagingServiceSid} is invalid.`);
  }
  if (!body) throw new TwilioApiError(400, 21602, 'Message body is required.');
  if (body.length > MAX_BODY_LENGTH) {
    throw new TwilioApiError(400, 21617, `The concatenated message body exceeds the ${MAX_BODY_LENGTH} character limit.`);
  }
  if (from && from === to) throw new TwilioApiError(400, 21266, "'To' and 'From' number cannot be the same.");
  if (statusCallback && !isHttpUrl(statusCallback)) {
    throw new TwilioApiError(400, 21609, `The StatusCallback URL ${statusCallback} is not a valid URL.`);
  }
  const magic = MAGIC_TO_NUMBERS[to];
  if (magic) throw magic(to);
  return { to, from, messagingServiceSid, body, statusCallback };
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
