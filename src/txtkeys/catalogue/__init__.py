"""The compiled catalogue: its file format, how it is compiled, cached, chosen and updated."""

from .store import (
    CATALOGUE_FORMAT,
    CATALOGUE_FORMAT_VERSION,
    Catalogue,
    CatalogueChoice,
    CatalogueEntry,
    SearchHit,
    bundled_catalogue_path,
    choose_catalogue_file,
    user_cache_dir,
)

__all__ = [
    "CATALOGUE_FORMAT",
    "CATALOGUE_FORMAT_VERSION",
    "Catalogue",
    "CatalogueChoice",
    "CatalogueEntry",
    "SearchHit",
    "bundled_catalogue_path",
    "choose_catalogue_file",
    "user_cache_dir",
]
