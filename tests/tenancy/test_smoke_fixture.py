from aktenbund.tenancy.models import Organisationseinheit
from aktenbund.tenancy.scope import kommune_scope
from tests.factories import make_oe


def test_kommune_admin_sees_only_own_oes(admin_a, admin_b, kommune_a, kommune_b):
    make_oe(admin_a, kommune_a, "10", "Hauptamt")
    make_oe(admin_b, kommune_b, "10", "Hauptamt")
    with kommune_scope(kommune_a):
        assert [oe.kommune_id for oe in Organisationseinheit.objects.all()] == [kommune_a.pk]
