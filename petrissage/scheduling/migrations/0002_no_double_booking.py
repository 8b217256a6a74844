"""No double booking, enforced by the database (see petrissage/scheduling/db_guards.py).

PostgreSQL gets btree_gist and two exclusion constraints; SQLite gets two triggers.
Each operation is skipped on the other vendor, so both databases migrate cleanly.
"""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

from petrissage.scheduling import db_guards


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0001_appointments_hours_waitlist_reminders")]

    operations = [
        BtreeGistExtension(),
        db_guards.VendorSQL(
            "postgresql", db_guards.POSTGRESQL_FORWARDS, db_guards.POSTGRESQL_BACKWARDS
        ),
        db_guards.VendorSQL("sqlite", db_guards.SQLITE_FORWARDS, db_guards.SQLITE_BACKWARDS),
    ]
