"""Imports every module that defines tables, so the metadata is complete."""

from storage import models

__all__ = ["models"]
