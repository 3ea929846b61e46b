"""Reading the Aktenplan: what a Kommune (or the Verbund) sees, single nodes, the tree.

Everyone sees the Verbund's nodes; a Kommune's local nodes are seen by that
Kommune only (404 for everyone else).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django_scopes import scopes_disabled

from aktenbund.errors import NotFound
from aktenbund.records.models import Aktenplaneinheit, kennzeichen_sort_key
from aktenbund.tenancy.models import User


def aktenplan_for(kommune_id: int | None) -> QuerySet[Aktenplaneinheit]:
    """Every node `kommune_id` sees: the Verbund's and its own local ones.

    `None` is the Verbund's own view (its nodes only). On PostgreSQL the
    query must run where row-level security sees the same Kommune (inside
    the request's scope or `kommune_scope(kommune_id)`).
    """
    visible = Q(kommune__isnull=True)
    if kommune_id is not None:
        visible |= Q(kommune_id=kommune_id)
    with scopes_disabled():  # the filter is explicit; row-level security still applies
        return Aktenplaneinheit.objects.filter(visible)


def get_aktenplaneinheit(actor: User, aktenplaneinheit_id: int) -> Aktenplaneinheit:
    """A node the actor sees; 404 for unknown ones and other Kommunen's."""
    einheit = (
        aktenplan_for(actor.kommune_id)
        .select_related("parent")
        .filter(pk=aktenplaneinheit_id)
        .first()
    )
    if einheit is None:
        raise NotFound("Diese Aktenplaneinheit gibt es nicht.")
    return einheit


def get_aktenplaneinheit_by_kennzeichen(actor: User, kennzeichen: str) -> Aktenplaneinheit:
    """The node with this Kennzeichen the actor sees (own local nodes win); 404 otherwise.

    Fachverfahren use it to find where they file (e.g. "121.1" for GewA1).
    """
    einheit = (
        aktenplan_for(actor.kommune_id)
        .filter(kennzeichen=kennzeichen)
        .order_by("kommune_id")
        .first()
    )
    if einheit is None:
        raise NotFound(f"Die Aktenplaneinheit {kennzeichen} gibt es nicht.")
    return einheit


def tree_order(einheiten: Iterable[Aktenplaneinheit]) -> list[Aktenplaneinheit]:
    """Parents before children, siblings in natural Kennzeichen order."""
    nodes = list(einheiten)
    ids = {n.pk for n in nodes}
    children: dict[int | None, list[Aktenplaneinheit]] = {}
    for node in nodes:
        parent_id = node.parent_id if node.parent_id in ids else None
        children.setdefault(parent_id, []).append(node)
    ordered: list[Aktenplaneinheit] = []

    def walk(parent_id: int | None) -> None:
        for node in sorted(
            children.get(parent_id, []), key=lambda n: kennzeichen_sort_key(n.kennzeichen)
        ):
            ordered.append(node)
            walk(node.pk)

    walk(None)
    return ordered


def children_of(kommune_id: int | None, einheit: Aktenplaneinheit) -> list[Aktenplaneinheit]:
    """The direct children `kommune_id` sees, in natural Kennzeichen order."""
    children = aktenplan_for(kommune_id).filter(parent=einheit)
    return sorted(children, key=lambda n: kennzeichen_sort_key(n.kennzeichen))


def subtree_of(kommune_id: int | None, einheit: Aktenplaneinheit) -> list[Aktenplaneinheit]:
    """The node and everything below it that `kommune_id` sees, parents first."""
    below = descendants({einheit.pk}, aktenplan_for(kommune_id))
    return tree_order([einheit, *below])


def ancestors_of(einheit: Aktenplaneinheit) -> list[Aktenplaneinheit]:
    """The path from the Hauptgruppe down to the node's parent."""
    path = []
    node = einheit.parent
    while node is not None:
        path.append(node)
        node = node.parent
    return path[::-1]


@dataclass
class Knoten:
    """A node with its visible children, for the tree view."""

    einheit: Aktenplaneinheit
    kinder: list[Knoten] = field(default_factory=list)
    treffer: bool = True


def aktenplan_tree(
    kommune_id: int | None, *, mit_geschlossenen: bool = False, kennzeichen: str = ""
) -> list[Knoten]:
    """The Aktenplan as a tree of `Knoten`.

    Closed nodes (and so their subtrees) are left out unless asked for. With
    `kennzeichen`, only nodes whose Kennzeichen starts with it are shown,
    together with their ancestors (`treffer` False) so the path stays visible.
    """
    nodes = [n for n in aktenplan_for(kommune_id) if mit_geschlossenen or not n.ist_geschlossen]
    by_id = {n.pk: n for n in nodes}
    keep = set(by_id)
    treffer = set(by_id)
    if kennzeichen:
        treffer = {n.pk for n in nodes if n.kennzeichen.startswith(kennzeichen)}
        keep = set()
        for start in treffer:
            node_id = start
            while node_id in by_id and node_id not in keep:
                keep.add(node_id)
                node_id = by_id[node_id].parent_id
    knoten = {pk: Knoten(by_id[pk], treffer=pk in treffer) for pk in keep}
    roots = []
    for node in tree_order(by_id[pk] for pk in keep):
        parent = knoten.get(node.parent_id)
        (parent.kinder if parent else roots).append(knoten[node.pk])
    return roots


def descendants(root_ids: set[int], nodes: Iterable[Aktenplaneinheit]) -> list[Aktenplaneinheit]:
    """The nodes below any of `root_ids` (not the roots), parents first."""
    children: dict[int, list[Aktenplaneinheit]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)
    found: list[Aktenplaneinheit] = []
    todo = list(root_ids)
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child.pk)
    return found
