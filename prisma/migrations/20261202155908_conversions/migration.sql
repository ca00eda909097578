-- AlterTable
ALTER TABLE "messages" ADD COLUMN     "conversion_count" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "conversion_value" DECIMAL(20,4) NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "conversions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "account_id" UUID NOT NULL,
    "campaign_id" UUID NOT NULL,
    "message_id" UUID NOT NULL,
    "code" VARCHAR(16),
    "name" TEXT NOT NULL,
    "value" DECIMAL(20,4),
    "currency" VARCHAR(3) NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "idempotency_key" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "conversions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "conversions_campaign_id_occurred_at_idx" ON "conversions"("campaign_id", "occurred_at");

-- CreateIndex
CREATE INDEX "conversions_message_id_idx" ON "conversions"("message_id");

-- CreateIndex
CREATE UNIQUE INDEX "conversions_account_id_idempotency_key_key" ON "conversions"("account_id", "idempotency_key");

-- AddForeignKey
ALTER TABLE "conversions" ADD CONSTRAINT "conversions_message_id_fkey" FOREIGN KEY ("message_id") REFERENCES "messages"("id") ON DELETE CASCADE ON UPDATE CASCADE;

