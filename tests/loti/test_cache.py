"""The Redis cache builds one client per connection pool, not one per operation, and behaves as Django's."""

import os
import subprocess
import sys

import pytest
import redis

from loti.cache import RedisCache


@pytest.fixture
def cache(redis_server):
    cache = RedisCache(redis_server, {"KEY_PREFIX": "test-cache"})
    cache.clear()
    return cache


def test_many_operations_share_one_client(redis_server, monkeypatch):
    built = []
    original = redis.Redis.__init__

    def counting_init(self, *args, **kwargs):
        built.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(redis.Redis, "__init__", counting_init)
    cache = RedisCache(redis_server, {"KEY_PREFIX": "test-cache-clients"})
    cache.set("session", {"user": 1}, 60)
    cache.set_many({"a": 1, "b": 2}, 60)
    assert cache.get("session") == {"user": 1}
    assert cache.get_many(["a", "b", "missing"]) == {"a": 1, "b": 2}
    assert cache.incr("a") == 2
    cache.delete("b")
    assert cache.get("b") is None
    assert len(built) == 1  # Django's own backend builds one for each operation


def test_expiry_and_add_behave_as_djangos(cache):
    assert cache.add("once", "first", 60)
    assert not cache.add("once", "second", 60)
    assert cache.get("once") == "first"
    cache.set("gone", 1, -1)
    assert cache.get("gone", "default") == "default"


def test_a_redis_cache_url_selects_it():
    env = {**os.environ, "CACHE_URL": "redis://127.0.0.1:6399/0", "DJANGO_SETTINGS_MODULE": "loti.settings"}
    code = "from django.conf import settings; print(*(c['BACKEND'] for c in settings.CACHES.values()))"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["loti.cache.RedisCache", "loti.cache.RedisCache"]
