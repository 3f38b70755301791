"""Benchmarks of the performance targets: `python -m bench` (docs/performance.md)."""
