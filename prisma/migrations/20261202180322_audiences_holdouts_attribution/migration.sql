-- AlterTable
ALTER TABLE "campaigns" ADD COLUMN     "attribution_window_hours" INTEGER NOT NULL DEFAULT 168,
ADD COLUMN     "holdout_count" INTEGER,
ADD COLUMN     "holdout_percent" DECIMAL(5,2) NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "conversions" ADD COLUMN     "attributed" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "holdout" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "matched_by" VARCHAR(16) NOT NULL DEFAULT 'code',
ADD COLUMN     "recipient_id" UUID,
ALTER COLUMN "campaign_id" DROP NOT NULL,
ALTER COLUMN "message_id" DROP NOT NULL;

-- CreateTable
CREATE TABLE "segments" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "account_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT,
    "description" TEXT,
    "rule" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "segments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "holdout_members" (
    "campaign_id" UUID NOT NULL,
    "recipient_id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "phone" TEXT NOT NULL,
    "segment" TEXT NOT NULL,
    "held_out_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "conversion_count" INTEGER NOT NULL DEFAULT 0,
    "conversion_value" DECIMAL(20,4) NOT NULL DEFAULT 0,

    CONSTRAINT "holdout_members_pkey" PRIMARY KEY ("campaign_id","recipient_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "segments_account_id_key_key" ON "segments"("account_id", "key");

-- CreateIndex
CREATE INDEX "holdout_members_account_id_phone_held_out_at_idx" ON "holdout_members"("account_id", "phone", "held_out_at");

-- CreateIndex
CREATE INDEX "holdout_members_recipient_id_idx" ON "holdout_members"("recipient_id");

-- CreateIndex
CREATE INDEX "conversions_recipient_id_idx" ON "conversions"("recipient_id");

-- AddForeignKey
ALTER TABLE "segments" ADD CONSTRAINT "segments_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "holdout_members" ADD CONSTRAINT "holdout_members_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "holdout_members" ADD CONSTRAINT "holdout_members_recipient_id_fkey" FOREIGN KEY ("recipient_id") REFERENCES "recipients"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Hand-written: conversions stored before this migration came by code or by messageId.
UPDATE "conversions" c
   SET "matched_by" = CASE WHEN c."code" IS NULL THEN 'messageId' ELSE 'code' END,
       "recipient_id" = m."recipient_id"
  FROM "messages" m
 WHERE m."id" = c."message_id";

-- Hand-written: recipients who converted, per variant, for the holdout lift.
-- Converters are few, so the partial index stays small and the count is index-only.
CREATE INDEX "messages_converted_idx" ON "messages" ("campaign_id", "variant") WHERE "conversion_count" > 0;

-- Hand-written: every stats answer counts the campaign's conversions outside its window; those are few.
CREATE INDEX "conversions_unattributed_idx" ON "conversions" ("campaign_id") WHERE NOT "attributed";
