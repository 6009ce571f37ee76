.PHONY: setup test bench demo

setup:
	python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]'

demo:
	.venv/bin/tacitus extract --format table examples/articles/*

test:
	.venv/bin/python -m pytest

bench:
	.venv/bin/tacitus bench
