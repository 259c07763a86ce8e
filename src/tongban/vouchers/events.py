"""Audit actions and outbox topics of the 消费券 app (one place)."""

# Audit actions
CAMPAIGN_CREATED = "vouchers.campaign_created"
MERCHANT_LISTED = "vouchers.merchant_listed"
ROUND_RELEASED = "vouchers.round_released"
CLAIMED = "vouchers.claimed"
REDEEMED = "vouchers.redeemed"
REFUNDED = "vouchers.refunded"
RESTORED = "vouchers.restored"

# Outbox topics (for other apps: metrics, the ledger)
TOPIC_ROUND_RELEASED = "vouchers.round_released"
TOPIC_REDEEMED = "vouchers.redeemed"
TOPIC_REFUNDED = "vouchers.refunded"
