"""One router per kind of public record; api/urls.py mounts them under /api/v1/."""
