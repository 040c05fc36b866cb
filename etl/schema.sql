-- The tables that pages query, with the contracts' column names (etl/contracts.py).
-- Every fact row carries the load_id of the upload that brought it (upload_log).
CREATE SEQUENCE IF NOT EXISTS load_ids START 1;

CREATE TABLE IF NOT EXISTS upload_log (
    load_id BIGINT PRIMARY KEY,
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
    message VARCHAR,
    withdrawn_by VARCHAR,
    withdrawn_at TIMESTAMP
);

CREATE TABLE IF NOT EXISTS units (
    unit_code VARCHAR NOT NULL,
    unit_name VARCHAR NOT NULL,
    district VARCHAR NOT NULL,
    peer_group VARCHAR NOT NULL,
    staff_count INTEGER NOT NULL,
    parent_code VARCHAR,
    load_id BIGINT NOT NULL
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
    load_id BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS targets (
    indicator_code VARCHAR NOT NULL,
    peer_group VARCHAR NOT NULL,       -- a peer group, or 全部 for all
    from_quarter VARCHAR NOT NULL,
    target DOUBLE NOT NULL,
    load_id BIGINT NOT NULL
);
