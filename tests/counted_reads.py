"""A real connection that counts the statements its cursors run whose SQL holds a marker (the
table a test says is read once per page run); everything else is the connection's own."""

from __future__ import annotations


class CountedReads:
    def __init__(self, con, marker: str):
        self.con, self.marker, self.reads = con, marker, 0

    def __getattr__(self, name):
        return getattr(self.con, name)

    def cursor(self):
        cursor, counter = self.con.cursor(), self

        class Counted:
            def __getattr__(self, name):
                return getattr(cursor, name)

            def execute(self, sql, *args):
                counter.reads += counter.marker in sql
                return cursor.execute(sql, *args)

        return Counted()
