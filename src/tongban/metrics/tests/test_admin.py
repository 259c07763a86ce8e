"""The count tables are readable in the admin and never editable; targets are rules, set on the
规则参数 page (validated and audited), and only read in the admin."""

import pytest
from django.urls import reverse

from tongban.accounts.constants import Role
from tongban.accounts.models import User
from tongban.metrics.aggregation import TABLES


@pytest.fixture
def admin_client(client, db):
    admin = User.objects.create_superuser(username="root", password="x", role=Role.ADMIN)
    client.force_login(admin)
    return client


def test_count_tables_are_read_only(admin_client):
    for tables in TABLES.values():
        for model in (tables.daily, tables.monthly):
            name = f"admin:metrics_{model._meta.model_name}"
            assert admin_client.get(reverse(f"{name}_changelist")).status_code == 200
            assert admin_client.get(reverse(f"{name}_add")).status_code == 403


def test_targets_are_set_on_the_rules_page_not_in_the_admin(admin_client):
    assert admin_client.get("/rules/metric.online_rate.target/").status_code == 200
    assert admin_client.get(reverse("admin:rules_ruleoverride_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:rules_ruleoverride_add")).status_code == 403
