"""aikg."""
