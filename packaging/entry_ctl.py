"""Entry point of the frozen console executable ``sessiondock-launcher-ctl`` (Qt-free).

``sessiondock-launcher-ctl --toggle`` (also ``--show``, ``--hide``, ``--quit``, ``--search TEXT``)
talks to the running launcher over its local socket; see :mod:`sessiondock_launcher.ctl`.
"""

from __future__ import annotations

import sys

from sessiondock_launcher.ctl import main

if __name__ == "__main__":
    sys.exit(main())
