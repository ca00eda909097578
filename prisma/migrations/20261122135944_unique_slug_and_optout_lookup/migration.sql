-- CreateIndex
CREATE UNIQUE INDEX "campaigns_account_id_slug_key" ON "campaigns"("account_id", "slug");

-- CreateIndex
CREATE INDEX "messages_phone_sender_accepted_at_idx" ON "messages"("phone", "sender", "accepted_at");

