"""Fixtures for the accounts tests.

``quick_hashes``: the tests that hash and check passwords by the dozen (signing in, locking,
unlocking, the ``users`` commands) take argon2id at its lowest cost. The product hashes with
argon2-cffi's default cost (three passes over 64 MiB: 0.2 s of CPU a hash, on purpose), which
no test is about; every password is still hashed and checked by argon2id, and a hash made at
the product's cost (by a command in a process of its own) is still checked, and re-hashed
after a sign-in as the product does when the cost changes.
"""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

import accounts.sessions
import accounts.users


@pytest.fixture
def quick_hashes(monkeypatch):
    quick = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    monkeypatch.setattr(accounts.users, "hasher", quick)
    monkeypatch.setattr(accounts.sessions, "hasher", quick)
    accounts.sessions.dummy_hash.cache_clear()  # made with the hasher of the time
    yield
    accounts.sessions.dummy_hash.cache_clear()
