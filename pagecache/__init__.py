from pagecache.signals import watch

__all__ = ["watch"]
