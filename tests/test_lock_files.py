"""What was tested is what is installed: the hash-pinned lock files cover pyproject.toml.

scripts/bootstrap.sh installs only from requirements/*.lock; a dependency added to pyproject.toml
without `bash scripts/lock.sh` would silently be missing, or unpinned, on a fresh machine.
"""

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^ \\]+)", re.MULTILINE)


def pins(lock: str) -> dict[str, str]:
    text = (ROOT / "requirements" / lock).read_text()
    return {canonicalize_name(name): version for name, version in PIN.findall(text)}


@pytest.mark.parametrize(("lock", "requirements"), [
    ("base.lock", PROJECT["dependencies"]),
    ("test.lock", PROJECT["dependencies"] + PROJECT["optional-dependencies"]["test"]),
])
def test_every_dependency_is_pinned_within_its_range(lock, requirements):
    pinned = pins(lock)
    for line in requirements:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{name} missing from requirements/{lock}: run bash scripts/lock.sh"
        assert requirement.specifier.contains(pinned[name], prereleases=True), (
            f"{name}=={pinned[name]} in requirements/{lock} is outside {requirement.specifier}: run bash scripts/lock.sh")


def test_every_pin_carries_a_hash():
    for lock in ("base.lock", "test.lock"):
        lines = (ROOT / "requirements" / lock).read_text().splitlines()
        for line, following in zip(lines, lines[1:], strict=False):
            if PIN.match(line):
                assert following.strip().startswith("--hash=sha256:"), f"{lock}: {line}"
