"""Map: placeholder replaced below."""
