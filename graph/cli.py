"""The ``kg`` command line: thin wrappers that parse arguments and call the library.

Each command lives in its own module under :mod:`graph.commands` and exposes a
``command`` (a :class:`click.Command`); this module only collects them, so adding a
command never means editing a shared file.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

import click

from graph import __version__, commands
from graph.errors import KgError


class _Group(click.Group):
    """Turns expected failures into one line on stderr and exit status 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KgError as exc:
            click.echo(f"kg: error: {exc}", err=True)
            sys.exit(2)


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="kg")
def app() -> None:
    """Build and explore a knowledge graph of actors and commitments from Kamervragen."""


def _register() -> None:
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        command = getattr(module, "command", None)
        if isinstance(command, click.Command):
            app.add_command(command)


_register()


def main() -> None:
    """Console-script entry point."""
    app(prog_name="kg")


if __name__ == "__main__":
    main()
