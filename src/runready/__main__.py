"""Allow ``python -m runready``."""

from runready.cli import main

main()
