"""The User admin page's add form (AppTest on the demo database)."""

from etl.db import connect


def first_district(path) -> str:
    con = connect(path)
    try:
        return con.execute("SELECT min(district) FROM units").fetchone()[0]
    finally:
        con.close()


def add_form(at):
    return (
        at.text_input(key="admin_add_name"),
        at.selectbox(key="admin_add_role"),
        at.multiselect(key="admin_add_districts"),
    )


def test_after_a_user_is_added_the_form_starts_empty_not_with_that_users_scope(open_page, page_db):
    district = first_district(page_db)
    at = open_page("pages/users_admin.py", user="admin", lang="en")
    name, role, districts = add_form(at)
    name.input("zhao")
    role.select("analyst")
    districts.select(district)
    next(b for b in at.button if b.label == "Add").click()
    at.run()

    assert [s.value for s in at.success] == ["User zhao added."]
    name, role, districts = add_form(at)
    # the next user is not given zhao's name, role or districts by mistake
    assert (name.value, role.value, districts.value) == ("", "viewer", [])
    users = connect(page_db)
    try:
        row = users.execute(
            "SELECT role, scope_districts FROM users WHERE username = 'zhao'"
        ).fetchone()
    finally:
        users.close()
    assert row == ("analyst", [district])


def test_a_refused_addition_keeps_what_was_typed(open_page, page_db):
    at = open_page("pages/users_admin.py", user="admin", lang="en")
    name, role, _ = add_form(at)
    name.input("admin")  # taken
    role.select("analyst")
    next(b for b in at.button if b.label == "Add").click()
    at.run()

    assert len(at.error) == 1
    name, role, _ = add_form(at)
    assert (name.value, role.value) == ("admin", "analyst")
