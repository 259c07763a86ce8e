"""Local development and the demo server: debug on, a throw-away secret key."""

import os

os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("SECRET_KEY", "dev-only-insecure-key-change-me")

from .base import *  # noqa: E402,F403
