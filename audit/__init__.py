"""audit: a customer-care audit in the terminal."""

__version__ = "0.1.0"
