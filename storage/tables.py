"""Imports every module that defines tables, so the metadata is complete."""

from storage import models, tiers_models, web_models

__all__ = ["models", "tiers_models", "web_models"]
