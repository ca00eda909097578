import { attributeToMessage, attributeToRecipient, type Touch } from './attribution.js';

const at = (iso: string) => new Date(iso);
const touch = (kind: Touch['kind'], touchedAt: string, hours = 24, campaignId = 'c1'): Touch => ({
  kind, campaignId, messageId: kind === 'message' ? `m-${campaignId}` : null, recipientId: 'r1', currency: 'USD', touchedAt: at(touchedAt), attributionWindowHours: hours,
});

describe('attributeToMessage', () => {
  const sent = touch('message', '2026-12-01T10:00:00Z', 24);

  it('attributes up to and including the end of the window', () => {
    expect(attributeToMessage(sent, at('2026-12-02T10:00:00Z')).attributed).toBe(true);
    expect(attributeToMessage(sent, at('2026-12-02T10:00:00.001Z')).attributed).toBe(false);
  });

  it('keeps a conversion stamped before the send attributed (clock skew), and names the message either way', () => {
    expect(attributeToMessage(sent, at('2026-12-01T09:59:00Z'))).toEqual({ touch: sent, attributed: true });
    expect(attributeToMessage(sent, at('2026-12-05T00:00:00Z'))).toEqual({ touch: sent, attributed: false });
  });
});

describe('attributeToRecipient', () => {
  it('takes the latest touch whose window contains the conversion', () => {
    const older = touch('message', '2026-12-01T10:00:00Z', 168, 'old');
    const newer = touch('message', '2026-12-03T10:00:00Z', 24, 'new');
    expect(attributeToRecipient([older, newer], at('2026-12-03T12:00:00Z')).touch).toBe(newer);
    // The newer campaign's window has closed; the older one's week is still open.
    expect(attributeToRecipient([older, newer], at('2026-12-05T12:00:00Z')).touch).toBe(older);
  });

  it('attributes a held-out recipient to the holdout', () => {
    const held = touch('holdout', '2026-12-01T10:00:00Z');
    expect(attributeToRecipient([held], at('2026-12-01T11:00:00Z'))).toEqual({ touch: held, attributed: true });
  });

  it('ignores touches after the conversion and leaves it unattributed when no window is open', () => {
    expect(attributeToRecipient([touch('message', '2026-12-02T10:00:00Z')], at('2026-12-01T10:00:00Z'))).toEqual({ touch: null, attributed: false });
    expect(attributeToRecipient([touch('message', '2026-11-01T10:00:00Z')], at('2026-12-01T10:00:00Z'))).toEqual({ touch: null, attributed: false });
    expect(attributeToRecipient([], at('2026-12-01T10:00:00Z'))).toEqual({ touch: null, attributed: false });
  });

  it('prefers the message over a holdout touched at the same instant', () => {
    const held = touch('holdout', '2026-12-01T10:00:00Z', 24, 'a');
    const sent = touch('message', '2026-12-01T10:00:00Z', 24, 'b');
    expect(attributeToRecipient([held, sent], at('2026-12-01T11:00:00Z')).touch).toBe(sent);
    expect(attributeToRecipient([sent, held], at('2026-12-01T11:00:00Z')).touch).toBe(sent);
  });
});
