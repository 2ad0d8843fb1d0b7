"""Where overlay files are: the shipped ones and ``$TXTKEYS_SCHEMA_DIR``.

Kept apart from the TOML reader so that finding the files costs no parser import.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from ..errors import OverlayError

__all__ = ["SCHEMA_DIR_ENV", "env_overlay_files", "shipped_overlay_files"]

SCHEMA_DIR_ENV = "TXTKEYS_SCHEMA_DIR"


_SHIPPED = Path(__file__).resolve().parent.parent / "data" / "overlays"


def shipped_overlay_files() -> tuple[Path, ...]:
    """The curated overlays in the package (``txtkeys/data/overlays/*.toml``), by name.

    Installers unpack the package as files, so the folder is found beside this module;
    importing importlib.resources would cost more than the whole lookup.
    """
    try:
        names = os.listdir(_SHIPPED)
    except OSError:
        return ()
    return tuple(_SHIPPED / name for name in sorted(names) if name.endswith(".toml"))


def env_overlay_files(environ: Mapping[str, str] | None = None) -> tuple[Path, ...]:
    """Every ``*.toml`` in ``$TXTKEYS_SCHEMA_DIR``, in name order; () when it is unset."""
    env = os.environ if environ is None else environ
    value = env.get(SCHEMA_DIR_ENV, "").strip()
    if not value:
        return ()
    folder = Path(value).expanduser()
    if not folder.is_dir():
        raise OverlayError(
            f"${SCHEMA_DIR_ENV} is {value!r}, which is not a directory; point it at a folder of "
            "*.toml schema files or unset it"
        )
    return tuple(sorted(path for path in folder.glob("*.toml") if path.is_file()))
