"""The benchmark behind `make bench` (`python -m bench.run`) and a quick in-process timer (bench/page_times.py)."""
