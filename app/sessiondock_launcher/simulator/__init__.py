"""SessionDock-compatible Local API simulator: a real HTTP server on loopback.

Used by ``sessiondock-launcher --demo`` (as a subprocess), by the integration and e2e tests, and
by anyone integrating against SessionDock without the desktop app. Entry points:

- ``python -m sessiondock_launcher.simulator`` / ``sessiondock-simulator`` (:mod:`.cli`);
- :class:`~.runner.SimulatorThread` (in-process, tests) and :class:`~.runner.SimulatorProcess`;
- :func:`~.server.create_app` over a :class:`~.state.SimulatorState`;
- :func:`~.library.generate_library` for realistic session data.

This package imports neither Qt nor httpx.
"""
