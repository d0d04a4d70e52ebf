from pagecache.shown import pages_of, shows
from pagecache.signals import watch
from pagecache.versions import content_changed

__all__ = ["content_changed", "pages_of", "shows", "watch"]
