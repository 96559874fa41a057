-- Captured chat completions and the feedback on them (docs/fine-tuning.md).
-- The same SQL runs on SQLite and PostgreSQL: plain types, times as epoch milliseconds (UTC),
-- JSON kept as text exactly as the API carries it. Every text is redacted before it is written.

CREATE TABLE capture_completion (
    completion_id     TEXT    NOT NULL PRIMARY KEY,
    created_at        BIGINT  NOT NULL,
    key_name          TEXT,
    alias             TEXT    NOT NULL,
    upstream          TEXT    NOT NULL,
    upstream_model    TEXT    NOT NULL,
    prompt_id         TEXT,
    prompt_version    TEXT,
    system_prompt     TEXT,
    messages          TEXT    NOT NULL,
    tools             TEXT,
    answer            TEXT    NOT NULL,
    finish_reason     TEXT,
    prompt_tokens     INTEGER,
    completion_tokens INTEGER,
    ttft_ms           BIGINT  NOT NULL,
    duration_ms       BIGINT  NOT NULL
);

-- Retention purges and exports select by time; erasure by key.
CREATE INDEX capture_completion_created_at ON capture_completion (created_at);
CREATE INDEX capture_completion_key_name ON capture_completion (key_name);

-- One rating per completion: rating again replaces it.
CREATE TABLE capture_feedback (
    completion_id TEXT     NOT NULL PRIMARY KEY REFERENCES capture_completion (completion_id),
    rating        SMALLINT NOT NULL CHECK (rating IN (-1, 1)),
    comment       TEXT,
    correction    TEXT,
    rated_at      BIGINT   NOT NULL
);
