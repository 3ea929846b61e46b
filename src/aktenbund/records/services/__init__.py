"""Records services: what users do with the Aktenplan (later Akten, Vorgänge …).

One function per user action, each one transaction writing its audit events
in the chain of the object's owner (the Verbund's chain for Verbund nodes,
the Kommune's for everything local). Views, API and Fachverfahren call these,
never the models directly.
"""

from aktenbund.records.services.aktenplan import (
    close_aktenplaneinheit,
    create_aktenplaneinheit,
    update_aktenplaneinheit,
)
from aktenbund.records.services.aktenplan_import import (
    Exportdatei,
    ImportErgebnis,
    export_aktenplan,
    import_aktenplan,
)
from aktenbund.records.services.aktenplan_tree import (
    Knoten,
    aktenplan_for,
    aktenplan_tree,
    ancestors_of,
    children_of,
    get_aktenplaneinheit,
    subtree_of,
    tree_order,
)
from aktenbund.records.services.permissions import (
    create_verbund_registratur,
    is_kommune_registratur,
    is_verbund_registratur,
    may_add_below,
    may_edit,
    may_maintain,
)

__all__ = [
    "Exportdatei",
    "ImportErgebnis",
    "Knoten",
    "aktenplan_for",
    "aktenplan_tree",
    "ancestors_of",
    "children_of",
    "close_aktenplaneinheit",
    "create_aktenplaneinheit",
    "create_verbund_registratur",
    "export_aktenplan",
    "get_aktenplaneinheit",
    "import_aktenplan",
    "is_kommune_registratur",
    "is_verbund_registratur",
    "may_add_below",
    "may_edit",
    "may_maintain",
    "subtree_of",
    "tree_order",
    "update_aktenplaneinheit",
]
