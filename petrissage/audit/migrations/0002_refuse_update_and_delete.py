"""Database triggers that refuse UPDATE and DELETE on audit rows (see petrissage/audit/guard.py)."""

from django.db import migrations

from petrissage.audit import guard


def install(apps, schema_editor):
    guard.install(schema_editor.connection)


def remove(apps, schema_editor):
    guard.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_hash_chained_audit_events")]

    operations = [migrations.RunPython(install, remove)]
