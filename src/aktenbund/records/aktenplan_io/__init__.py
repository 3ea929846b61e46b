"""Aktenplan files: reading and writing CSV and xlsx, and refusing hostile ones.

This package knows the file format only: columns, encodings, cell types and
limits. It turns a file into typed rows (`Zeile`) plus the errors of cells it
could not read; whether a row makes sense in the Aktenplan is decided by
`records.services.import_aktenplan`. The format is described in
docs/records.md.
"""

from aktenbund.errors import DateitypFalsch, DateiZuGross
from aktenbund.records.aktenplan_io.format import (
    CONTENT_TYPES,
    DAUERND,
    FORMATE,
    MAX_BYTES,
    MAX_ZEILEN,
    SPALTEN,
    AktenplanImportFehler,
    Zeile,
    Zeilenfehler,
)
from aktenbund.records.aktenplan_io.reading import read_aktenplan, read_limited
from aktenbund.records.aktenplan_io.writing import write_aktenplan

__all__ = [
    "CONTENT_TYPES",
    "DAUERND",
    "FORMATE",
    "MAX_BYTES",
    "MAX_ZEILEN",
    "SPALTEN",
    "AktenplanImportFehler",
    "DateiZuGross",
    "DateitypFalsch",
    "Zeile",
    "Zeilenfehler",
    "read_aktenplan",
    "read_limited",
    "write_aktenplan",
]
