# checkov loads external checks only from a Python package directory.
