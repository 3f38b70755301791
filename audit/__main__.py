"""`python -m audit` is the `audit` command."""

from audit.cli import run

if __name__ == "__main__":  # not when a report worker process imports this module
    run()
