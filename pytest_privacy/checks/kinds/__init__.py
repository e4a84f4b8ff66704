"""The built-in check kinds: one module each, defining KIND (see checks/kind.py)."""
