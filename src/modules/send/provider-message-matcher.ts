import { Inject, Injectable } from '@nestjs/common';
import { SMS_PROVIDER, type ProviderMessage, type SmsProvider } from '../sms-provider/sms-provider.js';
import type { ClaimedMessage } from './send.repository.js';
import { SendRepository } from './send.repository.js';

/** Clock skew allowance between us and the provider when asking what it received since a claim. */
const LOOKBACK_MS = 60_000;

/**
 * Answers "did the provider get this message?" when our own record cannot:
 * the provider's messages to the same phone from the same sender since the
 * claim, matched by the message's own short link codes (unique per message)
 * or, for a body without links, by the exact body; never a sid another
 * message already holds. Matching on the codes matters: a Messaging Service
 * with Smart Encoding (on by default) stores "It's" for "It’s", and an exact
 * comparison would call the message missing and send it a second time.
 */
@Injectable()
export class ProviderMessageMatcher {
  constructor(
    private readonly repository: SendRepository,
    @Inject(SMS_PROVIDER) private readonly provider: SmsProvider,
  ) {}

  /** The provider's record of this message, or null if it has none. Throws if the provider cannot be asked. */
  async findAtProvider(message: ClaimedMessage): Promise<ProviderMessage | null> {
    const since = new Date(message.sendingAt.getTime() - LOOKBACK_MS);
    const recent = await this.provider.findRecent({ to: message.phone, sender: message.sender, since });
    if (recent.length === 0) return null;
    const codes = await this.repository.linkCodes(message.id);
    const isThisMessage = (body: string) =>
      body === message.body || (codes.length > 0 && codes.every((code) => body.includes(`/${code}`)));
    const candidates = recent.filter((candidate) => isThisMessage(candidate.body));
    if (candidates.length === 0) return null;
    const known = await this.repository.knownProviderSids(candidates.map((candidate) => candidate.sid));
    const unclaimed = candidates.filter((candidate) => !known.has(candidate.sid));
    unclaimed.sort((a, b) => a.dateCreated.getTime() - b.dateCreated.getTime());
    return unclaimed[0] ?? null;
  }
}
