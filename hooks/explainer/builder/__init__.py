"""One build of a publication: the pages the engine adds, what it does to each page, and the holes it refuses."""

from .checks import check_site
from .driver import STYLESHEET, THEME_DIR, Build, GeneratedPage, Preview, Publication, SiteInfo, load_publication, preview_publication

__all__ = [
    "STYLESHEET",
    "THEME_DIR",
    "Build",
    "GeneratedPage",
    "Preview",
    "Publication",
    "SiteInfo",
    "check_site",
    "load_publication",
    "preview_publication",
]
