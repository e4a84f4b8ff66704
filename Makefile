# The two commands of the README. Both install what is missing first (scripts/setup.sh).
.PHONY: demo test setup lint

setup:
	@bash scripts/setup.sh

demo: setup
	.venv/bin/pytest-privacy demo

test: setup
	.venv/bin/python -m pytest -q -n 2
	.venv/bin/ruff check pytest_privacy tests benchmarks
	.venv/bin/mypy

lint: setup
	.venv/bin/ruff check pytest_privacy tests benchmarks
	.venv/bin/mypy
