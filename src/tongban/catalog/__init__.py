"""政务服务事项 — the service catalog: every standard element, versions, joint review, publication."""
