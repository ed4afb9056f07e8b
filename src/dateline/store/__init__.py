"""The store: DuckDB by default."""

from .database import DEFAULT_DB, Store

__all__ = ["DEFAULT_DB", "Store"]
