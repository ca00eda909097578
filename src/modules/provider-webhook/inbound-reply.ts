import twilio from 'twilio';
import type { InboundKeywordKind } from '../opt-out/inbound-keyword.js';

export const REPLIES = {
  opt_out: 'You have been unsubscribed and will not receive any more messages from this number. Reply START to resubscribe.',
  opt_in: 'You have been resubscribed and will receive messages from this number again. Reply STOP to unsubscribe.',
  help: 'Reply STOP to unsubscribe or START to resubscribe. Msg & data rates may apply.',
} as const;

/**
 * TwiML answering an inbound SMS: a confirmation for STOP and START, the help
 * text for HELP, and an empty <Response/> (no reply) for anything else. On
 * real Twilio numbers with Advanced Opt-Out enabled Twilio answers STOP/START/
 * HELP itself and ignores our reply; the sandbox and numbers without it use ours.
 */
export function inboundReplyTwiml(kind: InboundKeywordKind): string {
  const response = new twilio.twiml.MessagingResponse();
  if (kind !== 'other') response.message(REPLIES[kind]);
  return response.toString();
}
