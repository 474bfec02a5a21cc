"""Scripts that print measured speed and memory (run them with `python -m benchmarks.<name>`)."""
