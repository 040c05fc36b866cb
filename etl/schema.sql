-- The store's tables, with the contracts' column names (etl/contracts.py). Written for every
-- store (a DuckDB file, DuckLake): DuckLake has no keys, sequences or unique constraints, so
-- load ids are numbered from upload_log inside the write transaction (etl/db.py, write) and
-- uniqueness is kept by the code that writes.
-- Every fact row carries the load_id of the upload that brought it (upload_log).
CREATE TABLE IF NOT EXISTS upload_log (
    load_id BIGINT NOT NULL,
    file_name VARCHAR NOT NULL,
    file_hash VARCHAR NOT NULL,
    kind VARCHAR,
    quarters VARCHAR,
    unit_count INTEGER,
    row_count INTEGER,
    replaced_rows INTEGER,
    loaded_by VARCHAR NOT NULL,
    loaded_at TIMESTAMP NOT NULL,
    outcome VARCHAR NOT NULL,          -- loaded | rejected | withdrawn
    problem_count INTEGER,
    message VARCHAR,                   -- in English; entries before message_key: the only text
    withdrawn_by VARCHAR,
    withdrawn_at TIMESTAMP,
    message_key VARCHAR,               -- the message as a key of i18n/strings_etl.py …
    message_values JSON,               -- … and its values: read in the reader's language
    received_on DATE,                  -- the day the file reached the bureau, when the loader
                                       -- gave it (history loaded later): lateness is judged
                                       -- by it, not by loaded_at (queries/late_loads.sql)
    received_set_by VARCHAR,           -- who recorded received_on after the load, and when
    received_set_at TIMESTAMP,         -- (etl/received.py): a change publishing again may issue
    withdrawn_units VARCHAR[],         -- the units whose rows a withdrawal removed: a scoped
                                       -- reader's list of loads still holds its withdrawn ones
    withdrawn_correction BOOLEAN,      -- whether a withdrawn fact load was a correction, judged
                                       -- by etl/corrections.sql as late_loads is, when its rows
                                       -- left; NULL for withdrawals made before it was kept
    sheet VARCHAR,                     -- the sheet read of a workbook of several (--sheet, the
                                       -- Upload page's sheet box): one load per sheet, each
                                       -- named by it in the history (etl/load.py, history)
    restated BOOLEAN                   -- a load into a published quarter whose rows were the
                                       -- very rows it replaced (etl/load.py, restates): no
                                       -- revision, nothing new to publish; NULL before it was kept
);

CREATE TABLE IF NOT EXISTS units (
    unit_code VARCHAR NOT NULL,
    unit_name VARCHAR NOT NULL,
    district VARCHAR NOT NULL,
    peer_group VARCHAR NOT NULL,
    staff_count INTEGER NOT NULL,
    parent_code VARCHAR,
    load_id BIGINT NOT NULL,
    from_quarter VARCHAR,              -- holds from this quarter on; NULL: from the beginning
    status VARCHAR                     -- 撤销 (closed) or 撤并 (merged): out of the registry from
                                       -- from_quarter on until a later row; NULL or 在用: in it
);

CREATE TABLE IF NOT EXISTS inspections (
    unit_code VARCHAR NOT NULL,
    quarter VARCHAR NOT NULL,          -- derived from inspection_date
    inspection_date DATE NOT NULL,
    inspection_type VARCHAR NOT NULL,
    item VARCHAR NOT NULL,
    score DOUBLE NOT NULL,
    max_score DOUBLE NOT NULL,
    finding VARCHAR,
    rectify_by DATE,
    rectified_on DATE,
    load_id BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS surveys (
    unit_code VARCHAR NOT NULL,
    quarter VARCHAR NOT NULL,
    survey_type VARCHAR NOT NULL,
    respondents INTEGER NOT NULL,
    satisfied INTEGER,                 -- either satisfied or score is given
    score DOUBLE,                      -- 0-100
    load_id BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS activities (
    unit_code VARCHAR NOT NULL,
    quarter VARCHAR NOT NULL,          -- given, or derived from activity_date
    activity_date DATE,
    activity_type VARCHAR NOT NULL,
    sessions INTEGER NOT NULL,
    participants INTEGER NOT NULL,
    volunteer_hours DOUBLE,
    load_id BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS indicators (
    indicator_code VARCHAR NOT NULL,
    name_zh VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    domain VARCHAR NOT NULL,           -- inspection | survey | activity
    direction VARCHAR NOT NULL,        -- higher | lower
    weight DOUBLE NOT NULL,
    unit VARCHAR NOT NULL,             -- rate (0-1) | count | number
    load_id BIGINT NOT NULL,
    from_quarter VARCHAR               -- weight etc. hold from this quarter on; NULL: always
);

CREATE TABLE IF NOT EXISTS targets (
    indicator_code VARCHAR NOT NULL,
    peer_group VARCHAR NOT NULL,       -- a peer group, or 全部 for all
    from_quarter VARCHAR NOT NULL,
    target DOUBLE NOT NULL,
    load_id BIGINT NOT NULL
);

-- Operational tables (the accounts package): small and written often (sign-ins, the audit log).
-- On DuckLake their few-row writes are inlined into the catalog database, not Parquet files.
CREATE TABLE IF NOT EXISTS users (
    username VARCHAR NOT NULL,         -- unique: add_user refuses a name that exists
    role VARCHAR NOT NULL,
    password_hash VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    scope_districts VARCHAR[],         -- the districts the user sees; NULL (and no unit): all
    scope_unit VARCHAR,                -- the one unit the user sees (a unit's own account)
    must_change_password BOOLEAN       -- set with a one-time password: a new one is chosen at
                                       -- the next sign-in, before any page (NULL: no)
);

CREATE TABLE IF NOT EXISTS audit_log (
    logged_at TIMESTAMP NOT NULL,
    username VARCHAR,
    action VARCHAR NOT NULL,           -- sign_in | load | withdraw | indicators | users | unlock
                                       -- | settings | denied | publish
    ok BOOLEAN NOT NULL,
    detail VARCHAR,                    -- in English; entries before message_key: the only text
    subject VARCHAR,                   -- the account an account change is about (else NULL)
    message_key VARCHAR,               -- the detail as a key of i18n/strings_etl.py …
    message_values JSON                -- … and its values: read in the reader's language
);

CREATE TABLE IF NOT EXISTS settings (
    name VARCHAR NOT NULL,             -- unique: written by delete-then-insert (require_signin,
                                       -- anonymous_view: accounts/settings.py)
    value VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS sign_in_sessions (
    token_hash VARCHAR NOT NULL,       -- sha256 of the browser's cookie; the token is not kept
    username VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);

-- A quarter's figures as published (etl/publish.py): the data state they came from (a DuckLake
-- snapshot, or a schema holding a copy of the tables on a DuckDB file). Publishing again keeps
-- the earlier rows: each circular issued stays reproducible.
CREATE TABLE IF NOT EXISTS publications (
    publication_id BIGINT NOT NULL,
    quarter VARCHAR NOT NULL,
    published_at TIMESTAMP NOT NULL,
    published_by VARCHAR NOT NULL,
    state VARCHAR NOT NULL,            -- snapshot:<id> | schema:published_<publication_id>
    last_load_id BIGINT NOT NULL       -- the upload log's last load at publication
);

-- One row that every write transaction updates first, so two writers always collide and one
-- runs again (etl/db.py, write): DuckLake would merge two inserts into upload_log silently.
CREATE TABLE IF NOT EXISTS store_writes (
    writes BIGINT NOT NULL
);
