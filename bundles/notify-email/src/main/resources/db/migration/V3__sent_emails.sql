-- The sent record serves campaign emails as well as receipts: named for what it holds.
ALTER TABLE EMAIL_SENT_RECEIPTS RENAME TO EMAIL_SENT;
