"""Project-wide test set-up: pytester runs the plugin in subprocesses for the plugin tests."""

pytest_plugins = ["pytester"]
