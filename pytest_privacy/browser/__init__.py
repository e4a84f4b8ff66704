"""The browser stage: one browser per worker, one fresh context per visit."""
