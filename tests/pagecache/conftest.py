import time

import pytest


@pytest.fixture
def clock(monkeypatch):
    """clock.forward(seconds): the cache's clock, and every other, moves on."""

    class Clock:
        offset = 0

        def forward(self, seconds):
            self.offset += seconds

    clock, real_time = Clock(), time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + clock.offset)
    return clock
