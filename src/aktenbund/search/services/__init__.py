"""Search services: index maintenance and the rights-aware full-text search.

- `index_neues_dokument`, `reindex_dokument`, `reindex_vorgang`,
  `reindex_akte`: called by the records services in their transaction
  whenever indexed data changes.
- `set_volltext(dokument, text, quelle="ocr")`: the capture pipeline's hook
  for recognised text.
- `suche(user, Suchanfrage(...)) -> Suchergebnis`: results, facets, snippets.
"""

from aktenbund.search.services.index import (
    index_neues_dokument,
    reindex_akte,
    reindex_dokument,
    reindex_vorgang,
    set_volltext,
)
from aktenbund.search.services.suche import (
    Facettenwert,
    Suchanfrage,
    Suchergebnis,
    Treffer,
    suche,
)

__all__ = [
    "Facettenwert",
    "Suchanfrage",
    "Suchergebnis",
    "Treffer",
    "index_neues_dokument",
    "reindex_akte",
    "reindex_dokument",
    "reindex_vorgang",
    "set_volltext",
    "suche",
]
