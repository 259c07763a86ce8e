"""惠企政策 refusals: stable codes, Chinese messages."""

from tongban.core.errors import Conflict, DomainError, NotFound


class PolicyError(DomainError):
    status = 422


class PolicyNotFound(NotFound):
    pass


class PolicyConflict(Conflict):
    pass


def invalid_rules(problems: list[tuple[str, str]]) -> PolicyError:
    text = "；".join(f"{path}：{message}" for path, message in problems[:10])
    return PolicyError("policy.invalid_rules", f"规则不合法：{text}", field="rules")
