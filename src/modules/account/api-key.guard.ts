import { CanActivate, createParamDecorator, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../common/domain-error.js';
import { AccountService, AuthenticatedAccount } from './account.service.js';

type RequestWithAccount = FastifyRequest & { account?: AuthenticatedAccount };

/** Every /v1 route: `Authorization: Bearer <api key>` resolves to exactly one account. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(private readonly accounts: AccountService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<RequestWithAccount>();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      throw new DomainError('unauthorized', 'missing_api_key', 'Authorization: expected "Bearer <api key>"');
    }
    request.account = await this.accounts.authenticate(match[1]);
    return true;
  }
}

/** The account behind the request's API key. */
export const CurrentAccount = createParamDecorator((_: unknown, context: ExecutionContext): AuthenticatedAccount => {
  const account = context.switchToHttp().getRequest<RequestWithAccount>().account;
  if (!account) throw new Error('CurrentAccount used on a route without ApiKeyGuard');
  return account;
});
