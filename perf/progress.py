import sys
import time


class Progress:
    """A one-line progress bar on stderr: `with Progress("Projects", 300) as bar: bar.advance()`."""

    def __init__(self, label, total, width=30, stream=sys.stderr):
        self.label, self.total, self.width, self.stream = label, max(total, 1), width, stream
        self.done = 0
        self.started = time.monotonic()

    def __enter__(self):
        self.draw()
        return self

    def __exit__(self, *exc):
        self.done = self.total
        self.draw()
        self.stream.write(f" {time.monotonic() - self.started:.1f}s\n")
        self.stream.flush()

    def advance(self, n=1):
        self.done = min(self.total, self.done + n)
        self.draw()

    def draw(self):
        filled = round(self.width * self.done / self.total)
        self.stream.write(f"\r{self.label:<28} [{'#' * filled}{'.' * (self.width - filled)}] {self.done}/{self.total}")
        self.stream.flush()
