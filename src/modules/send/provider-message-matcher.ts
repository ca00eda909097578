import { Inject, Injectable } from '@nestjs/common';
import { SMS_PROVIDER, type ProviderMessage, type SmsProvider } from '../sms-provider/sms-provider.js';
import type { ClaimedMessage } from './send.repository.js';
import { SendRepository } from './send.repository.js';

/** Clock skew allowance between us and the provider when asking what it received since a claim. */
const LOOKBACK_MS = 60_000;

/**
 * Answers "did the provider get this message?" when our own record cannot:
 * the provider's messages to the same phone from the same sender since the
 * claim, matched by body (every message carries its own short link, so bodies
 * differ between campaigns) and never a sid another message already holds.
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
    const candidates = recent.filter((candidate) => candidate.body === message.body);
    if (candidates.length === 0) return null;
    const known = await this.repository.knownProviderSids(candidates.map((candidate) => candidate.sid));
    const unclaimed = candidates.filter((candidate) => !known.has(candidate.sid));
    unclaimed.sort((a, b) => a.dateCreated.getTime() - b.dateCreated.getTime());
    return unclaimed[0] ?? null;
  }
}
