import { startSandbox } from './sandbox-server.js';
import { optionsFromEnv } from './sandbox-options.js';

/**
 * `npm run sandbox`: a standalone Twilio look-alike for demos and docker
 * compose. Point the app at it with TWILIO_API_BASE_URL=<printed url>.
 */
async function main(): Promise<void> {
  const sandbox = await startSandbox(optionsFromEnv(process.env));
  const { accountSid, inboundWebhookUrl } = sandbox.options;
  console.log(
    JSON.stringify({
      msg: 'Twilio sandbox listening',
      url: sandbox.url,
      accountSid,
      inboundWebhookUrl: inboundWebhookUrl ?? null,
    }),
  );
  const stop = async (signal: string) => {
    console.log(JSON.stringify({ msg: 'Twilio sandbox stopping', signal }));
    await sandbox.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
