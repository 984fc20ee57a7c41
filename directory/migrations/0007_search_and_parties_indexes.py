"""The search's full-text index, on PostgreSQL only (directory.search): SQLite keeps its substring search.
And an index of both parties for the place facets' counts (directory.facets.place_counts), on both."""

from django.db import migrations, models

INDEX = "partnership_search_document"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("directory", "Partnership")._meta.db_table)
    # The expression must read exactly as directory.search.SearchDocument writes it, or the planner ignores it.
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON {table} USING gin (to_tsvector('simple'::regconfig, search_text))"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


def analyze_partnerships(apps, schema_editor):
    """Fresh SQLite statistics for the table, its new index included.

    Statistics that know the other indexes but not the new one make SQLite's planner take the new one
    for every `status = 'published'`, and sort the whole list for each page. (PostgreSQL's planner
    reads the table's statistics, which the new index does not change.)
    """
    if schema_editor.connection.vendor == "sqlite":
        table = schema_editor.quote_name(apps.get_model("directory", "Partnership")._meta.db_table)
        schema_editor.execute(f"ANALYZE {table}")


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0006_translations"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index, elidable=False),
        migrations.AddIndex(
            model_name="partnership",
            index=models.Index(fields=["status", "norwegian_party", "chinese_party"], name="partnership_parties"),
        ),
        migrations.RunPython(analyze_partnerships, migrations.RunPython.noop, elidable=True),
    ]
