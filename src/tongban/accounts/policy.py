"""The access policy: one table of who may open which URL, enforced by one middleware.

Each app declares `ACCESS_RULES = {"<url name>": Access(...)}` in its `access.py`; this
module merges them. A URL without a rule is closed to everyone (deny by default), and
tests/test_authz_matrix.py fails if any URL lacks a rule.
"""

from dataclasses import dataclass
from functools import cache
from importlib import import_module

from django.apps import apps

from .constants import STAFF_ROLES, Role


@dataclass(frozen=True)
class Access:
    roles: frozenset[str]
    anonymous: bool = False

    def admits(self, user) -> bool:
        if not user.is_authenticated:
            return self.anonymous
        return user.is_active and user.role in self.roles


ANYONE = Access(roles=frozenset(Role), anonymous=True)
SIGNED_IN = Access(roles=frozenset(Role))
STAFF = Access(roles=STAFF_ROLES)


def only(*roles: Role) -> Access:
    return Access(roles=frozenset(roles))


@cache
def access_rules() -> dict[str, Access]:
    rules: dict[str, Access] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("tongban."):
            continue
        try:
            module = import_module(f"{config.name}.access")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.access":
                raise
            continue
        clashes = rules.keys() & module.ACCESS_RULES.keys()
        if clashes:
            raise RuntimeError(f"access rules declared twice: {sorted(clashes)}")
        rules.update(module.ACCESS_RULES)
    return rules


def rule_for(view_name: str) -> Access | None:
    return access_rules().get(view_name)
