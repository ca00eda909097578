-- AlterEnum
ALTER TYPE "message_status" ADD VALUE 'skipped';

-- AlterTable
ALTER TABLE "accounts" ADD COLUMN     "frequency_cap_24h" INTEGER DEFAULT 3,
ADD COLUMN     "frequency_cap_7d" INTEGER,
ADD COLUMN     "quiet_hours" JSONB;

-- AlterTable
ALTER TABLE "campaigns" ADD COLUMN     "inherit_quiet_hours" BOOLEAN NOT NULL DEFAULT true;


-- Hand-written: the frequency-cap count (a phone's messages in one account claimed in the last 7 days).
-- Partial: a message enters it only when claimed (sending_at set), so launch inserts pay nothing for it.
CREATE INDEX "messages_account_id_phone_sending_at_idx" ON "messages" ("account_id", "phone", "sending_at") WHERE "sending_at" IS NOT NULL;
