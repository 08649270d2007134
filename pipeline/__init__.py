"""Literature text-mining for rapid-acting antidepressant pharmacology (see README.md)."""

__version__ = "0.1.0"
