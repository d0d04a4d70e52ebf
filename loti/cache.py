"""Django's Redis cache, with one client per connection pool instead of one per operation.

Django's RedisCacheClient.get_client() builds a new `redis.Redis` for every
get, set or get_many. Building one fills a table of about 170 response
callbacks, which cost a signed-in page 2-3 ms of CPU before it asked
anything (a session and a second-factor device, read on every request).
A `redis.Redis` holds no connection of its own (it takes one from the pool
for each command) and is safe to share between threads, so one client per
pool does the same work. Everything else, the pools, serialisation and key
handling, is Django's.

settings.py uses it wherever CACHE_URL is redis://.
"""

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
