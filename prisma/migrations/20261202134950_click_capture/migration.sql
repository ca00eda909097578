-- CreateEnum
CREATE TYPE "click_class" AS ENUM ('human', 'preview', 'scanner');

-- CreateEnum
CREATE TYPE "click_source" AS ENUM ('link', 'qr');

-- CreateEnum
CREATE TYPE "click_outcome" AS ENUM ('redirected', 'expired', 'disabled');

-- AlterTable
ALTER TABLE "messages" ADD COLUMN     "qr_scans" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "clicks" (
    "id" UUID NOT NULL,
    "code" VARCHAR(16) NOT NULL,
    "account_id" UUID NOT NULL,
    "campaign_id" UUID NOT NULL,
    "message_id" UUID NOT NULL,
    "source" "click_source" NOT NULL,
    "outcome" "click_outcome" NOT NULL,
    "click_class" "click_class" NOT NULL,
    "class_reason" TEXT NOT NULL,
    "timing_signal" BOOLEAN NOT NULL,
    "seconds_since_delivery" DOUBLE PRECISION,
    "method" VARCHAR(8) NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "persisted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ip" TEXT,
    "user_agent" TEXT,
    "referrer" TEXT,
    "referrer_host" TEXT,
    "accept_language" TEXT,
    "device_type" VARCHAR(8),
    "os" TEXT,
    "os_version" TEXT,
    "browser" TEXT,
    "browser_version" TEXT,
    "country" VARCHAR(2),
    "city" TEXT,

    CONSTRAINT "clicks_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "clicks_campaign_id_occurred_at_idx" ON "clicks"("campaign_id", "occurred_at");

-- CreateIndex
CREATE INDEX "clicks_message_id_occurred_at_idx" ON "clicks"("message_id", "occurred_at");

-- CreateIndex
CREATE INDEX "clicks_code_occurred_at_idx" ON "clicks"("code", "occurred_at");

-- AddForeignKey
ALTER TABLE "clicks" ADD CONSTRAINT "clicks_message_id_fkey" FOREIGN KEY ("message_id") REFERENCES "messages"("id") ON DELETE CASCADE ON UPDATE CASCADE;

