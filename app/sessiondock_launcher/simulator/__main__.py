"""``python -m sessiondock_launcher.simulator``: run the simulator (see :mod:`.cli`)."""

from __future__ import annotations

from sessiondock_launcher.simulator.cli import main

raise SystemExit(main())
