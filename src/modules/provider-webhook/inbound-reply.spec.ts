import { inboundReplyTwiml, REPLIES } from './inbound-reply.js';

describe('inboundReplyTwiml', () => {
  it('confirms opt-outs and opt-ins', () => {
    expect(inboundReplyTwiml('opt_out')).toContain(`<Message>${REPLIES.opt_out}</Message>`);
    expect(inboundReplyTwiml('opt_in')).toContain(`<Message>${REPLIES.opt_in.replace('&', '&amp;')}</Message>`);
  });

  it('answers HELP with the help text, XML-escaped', () => {
    expect(inboundReplyTwiml('help')).toContain('Msg &amp; data rates may apply.');
  });

  it('answers other text with an empty response', () => {
    expect(inboundReplyTwiml('other')).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
  });
});
