import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DomainError } from '../../common/domain-error.js';
import { AccountRepository } from './account.repository.js';
import { generateApiKey, hashSecret, parseApiKey, verifySecret } from './api-key.js';

export interface AuthenticatedAccount {
  accountId: string;
  defaultCountry: string;
  timezone: string;
}

/** Verified keys are remembered briefly so scrypt runs once per key per minute, not per request. */
const VERIFIED_KEY_TTL_MS = 60_000;

@Injectable()
export class AccountService {
  private readonly verified = new Map<string, { account: AuthenticatedAccount; until: number }>();

  constructor(private readonly accounts: AccountRepository) {}

  async createAccount(input: { name: string; defaultCountry?: string; timezone?: string }) {
    const generated = generateApiKey();
    const account = await this.accounts.createWithKey({
      name: input.name,
      defaultCountry: input.defaultCountry ?? 'US',
      timezone: input.timezone ?? 'UTC',
      lookupId: generated.lookupId,
      secretHash: await hashSecret(generated.secret),
    });
    return { accountId: account.id, apiKey: generated.key };
  }

  async authenticate(presentedKey: string): Promise<AuthenticatedAccount> {
    const fingerprint = createHash('sha256').update(presentedKey).digest('base64url');
    const cached = this.verified.get(fingerprint);
    if (cached && cached.until > Date.now()) return cached.account;

    const parsed = parseApiKey(presentedKey);
    const record = parsed && (await this.accounts.findKey(parsed.lookupId));
    if (!parsed || !record || record.revokedAt || !(await verifySecret(parsed.secret, record.secretHash))) {
      throw new DomainError('unauthorized', 'invalid_api_key', 'Authorization: the API key is missing, malformed or revoked');
    }
    const account = await this.accounts.findAccount(record.accountId);
    if (!account) throw new DomainError('unauthorized', 'invalid_api_key', 'Authorization: the API key is revoked');
    const authenticated = { accountId: account.id, defaultCountry: account.defaultCountry, timezone: account.timezone };
    this.verified.set(fingerprint, { account: authenticated, until: Date.now() + VERIFIED_KEY_TTL_MS });
    void this.accounts.touchKey(record.id).catch(() => undefined);
    return authenticated;
  }

  async getAccount(accountId: string) {
    return this.accounts.findAccount(accountId);
  }
}
