"""``python -m sessiondock_launcher``."""

from __future__ import annotations

import sys

from sessiondock_launcher.cli import main

if __name__ == "__main__":
    sys.exit(main())
