import { Global, Module } from '@nestjs/common';
import { SMS_PROVIDER } from './sms-provider.js';
import { TwilioSmsProvider } from './twilio-sms-provider.js';

/** Provides the SMS provider port everywhere: `@Inject(SMS_PROVIDER) provider: SmsProvider`. */
@Global()
@Module({
  providers: [{ provide: SMS_PROVIDER, useClass: TwilioSmsProvider }],
  exports: [SMS_PROVIDER],
})
export class SmsProviderModule {}
