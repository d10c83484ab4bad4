"""Build hooks: the explainer engine's MkDocs adapter, from the installed ``explainer`` package."""

from explainer.adapter import *  # noqa: F403
