# Examples for the rules in sql.yml (run by `semgrep --test .semgrep/`); never imported.
from django.db import connection
from django.db.models.expressions import RawSQL


def examples(cursor, name, value, table, Practice):
    # ruleid: qn-sql-formatted
    cursor.execute(f"SELECT * FROM practices WHERE title = '{name}'")
    # ruleid: qn-sql-formatted
    cursor.execute("SELECT * FROM practices WHERE title = '%s'" % name)
    # ruleid: qn-sql-formatted
    cursor.execute("SELECT * FROM practices WHERE title = '{}'".format(name))
    # ruleid: qn-sql-formatted
    cursor.execute("SELECT * FROM practices WHERE title = '" + name + "'")
    # ruleid: qn-sql-formatted
    cursor.execute(
        "SELECT * FROM practices "
        f"WHERE title = '{name}'"
    )
    # ruleid: qn-sql-formatted
    cursor.executemany(f"UPDATE {table} SET title = %s WHERE id = %s", [(value, 1)])
    # ruleid: qn-sql-formatted
    cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in [table]))
    # ruleid: qn-sql-formatted
    Practice.objects.raw(f"SELECT * FROM practices_practice WHERE title = '{name}'")
    # ruleid: qn-sql-formatted
    Practice.objects.annotate(x=RawSQL("SELECT %d" % value, []))
    sql = f"SELECT * FROM {table} WHERE id = {value}"
    # ruleid: qn-sql-formatted
    cursor.execute(sql)

    # ok: qn-sql-formatted
    cursor.execute("SELECT * FROM practices WHERE title = %s", [name])
    # ok: qn-sql-formatted
    cursor.execute(
        "SELECT * FROM practices "
        "WHERE title = %s",
        [name],
    )
    # ok: qn-sql-formatted
    cursor.execute("SELECT 1 " + "FROM practices", [])
    # ok: qn-sql-formatted
    Practice.objects.raw("SELECT * FROM practices_practice WHERE title = %s", [name])
    # ok: qn-sql-formatted
    Practice.objects.annotate(x=RawSQL("SELECT %s", [value]))
    # ok: qn-sql-formatted
    cursor.execute(f"DROP TABLE IF EXISTS {table}")  # nosemgrep: qn-sql-formatted -- test: justified


def extra(Practice, qs, name):
    # ruleid: qn-queryset-extra
    Practice.objects.extra(where=[f"title = '{name}'"])
    # ruleid: qn-queryset-extra
    qs.extra(select={"n": "1"})
    # ok: qn-queryset-extra
    qs.filter(title=name)
