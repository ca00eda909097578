/** What an inbound SMS asks for; values match the inbound_kind enum. */
export type InboundKeywordKind = 'opt_out' | 'opt_in' | 'help' | 'other';

const KEYWORDS: Readonly<Record<string, InboundKeywordKind>> = {
  STOP: 'opt_out',
  STOPALL: 'opt_out',
  UNSUBSCRIBE: 'opt_out',
  CANCEL: 'opt_out',
  END: 'opt_out',
  QUIT: 'opt_out',
  REVOKE: 'opt_out',
  OPTOUT: 'opt_out',
  START: 'opt_in',
  UNSTOP: 'opt_in',
  YES: 'opt_in',
  HELP: 'help',
  INFO: 'help',
};

/**
 * Classifies an inbound body. Only the whole message counts (metrics.md):
 * "stop", " Stop \n" and "opt out" are opt-outs, "stop please" and "Stop." are
 * not. Case and all whitespace are ignored (so "OPT OUT" = OPTOUT, "stop all" =
 * STOPALL); anything else, punctuation included, makes it ordinary text.
 */
export function parseInboundKeyword(body: string | null | undefined): InboundKeywordKind {
  const word = (body ?? '').replace(/\s+/g, '').toUpperCase();
  return Object.hasOwn(KEYWORDS, word) ? KEYWORDS[word] : 'other';
}
