-- Tables of the dcwatch warehouse. Projections are rebuilt from the event log, so
-- this file may change with a code version; the log never does.

-- Where each projection stands in the log, and which code produced it.
CREATE TABLE IF NOT EXISTS projection_state (
    projection   VARCHAR NOT NULL,
    last_seq     BIGINT NOT NULL,
    code_version VARCHAR NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);

-- One row per article (its latest fetched version), parsed from ArticleFetched events.
CREATE TABLE IF NOT EXISTS articles (
    article_id     VARCHAR NOT NULL,   -- hash of the canonical URL
    version_id     VARCHAR NOT NULL,   -- the ArticleFetched event this row was parsed from
    url            VARCHAR NOT NULL,   -- canonical URL when the page states one, else the fetched URL
    fetched_url    VARCHAR NOT NULL,
    canonical_url  VARCHAR,            -- as the page states it (rel=canonical, og:url)
    source         VARCHAR NOT NULL,   -- name of the source in the sources file
    title          VARCHAR,
    published_at   TIMESTAMPTZ,
    published_day  DATE,               -- published_at as a calendar day in Korea (UTC+9)
    updated_at     TIMESTAMPTZ,
    date_source    VARCHAR,            -- jsonld | meta | byline | visible | feed
    author         VARCHAR,
    lang           VARCHAR,
    body           VARCHAR,
    encoding       VARCHAR,
    parse_status   VARCHAR NOT NULL,   -- ok | empty | binary | too_large | error
    parse_reason   VARCHAR,
    fetched_at     TIMESTAMPTZ NOT NULL,
    n_versions     INTEGER NOT NULL,
    event_seq      BIGINT NOT NULL,    -- log segment the version came from
    parser_version VARCHAR NOT NULL
);

-- One row per (article, foreign firm, sentence naming it).
CREATE TABLE IF NOT EXISTS mentions (
    article_id     VARCHAR NOT NULL,
    firm           VARCHAR NOT NULL,
    sentence_idx   INTEGER NOT NULL,   -- 0 is the title
    sentence       VARCHAR NOT NULL,
    evidence       VARCHAR,
    stance         VARCHAR NOT NULL,   -- committed | considering | declined | operating | mentioned
    score          DOUBLE NOT NULL,
    confidence     DOUBLE NOT NULL,
    location       VARCHAR,            -- ISO country code of the data center, when stated
    holder         VARCHAR,
    counterparties VARCHAR,
    scorer_version VARCHAR NOT NULL
);

-- One row per (article, firm mentioned): the firm's stance in that article.
CREATE TABLE IF NOT EXISTS article_firm_stance (
    article_id     VARCHAR NOT NULL,
    firm           VARCHAR NOT NULL,
    stance         VARCHAR NOT NULL,
    score          DOUBLE NOT NULL,
    confidence     DOUBLE NOT NULL,
    evidence       VARCHAR,
    location       VARCHAR,
    n_mentions     INTEGER NOT NULL,
    scorer_version VARCHAR NOT NULL
);

-- Every scorer version's verdicts, kept across re-scorings so versions can be compared.
CREATE TABLE IF NOT EXISTS stance_history (
    scorer_version VARCHAR NOT NULL,
    article_id     VARCHAR NOT NULL,
    firm           VARCHAR NOT NULL,
    stance         VARCHAR NOT NULL,
    score          DOUBLE NOT NULL,
    confidence     DOUBLE NOT NULL,
    evidence       VARCHAR,
    location       VARCHAR
);

-- One row per article: which story it belongs to (exact and near-duplicates share a
-- story_id), so trend queries can count distinct stories as well as copies.
CREATE TABLE IF NOT EXISTS stories (
    article_id   VARCHAR NOT NULL,
    story_id     VARCHAR NOT NULL,
    content_hash VARCHAR NOT NULL,
    is_copy      BOOLEAN NOT NULL,   -- not the earliest article of its story
    n_copies     INTEGER NOT NULL    -- other articles of the same story
);

-- Alerts raised by the marts run: stance changes and coverage spikes. Append-only: an
-- alert keeps the run that first saw it (first_seen_at); alert_id is a hash of what the
-- alert is about, so re-running or replaying raises nothing twice.
CREATE TABLE IF NOT EXISTS alerts (
    alert_id      VARCHAR NOT NULL,   -- hash of kind, firm and what changed (see analysis/alerts.py)
    kind          VARCHAR NOT NULL,   -- stance_change | coverage_spike
    firm          VARCHAR NOT NULL,
    day           DATE NOT NULL,      -- the article's day (stance_change) or the spike's day
    from_stance   VARCHAR,            -- stance_change: the firm's previous stated stance
    to_stance     VARCHAR,            -- stance_change: the new one
    "count"       INTEGER,            -- coverage_spike: articles naming the firm that day
    baseline      DOUBLE,             -- coverage_spike: mean articles a day over the 14 days before
    evidence      VARCHAR,            -- the sentence behind the alert
    article_id    VARCHAR,            -- the article behind the alert
    first_seen_at TIMESTAMPTZ NOT NULL
);

-- Every scorer version that has written stances, and when it first did: the order in
-- which versions are compared (stance_history holds their verdicts).
CREATE TABLE IF NOT EXISTS scorer_versions (
    scorer_version VARCHAR NOT NULL,
    first_used_at  TIMESTAMPTZ NOT NULL
);

-- Articles the scorer did not read in full (articles scored in full have no row):
-- 'truncated', scored on the headline and the first part of an over-long body (see
-- score/budget.py), or 'failed', the scorer raised on it: skipped until the next rebuild.
CREATE TABLE IF NOT EXISTS article_score_status (
    article_id     VARCHAR NOT NULL,
    status         VARCHAR NOT NULL,   -- truncated | failed
    reason         VARCHAR NOT NULL,   -- one line: the budget, or the error
    body_chars     BIGINT NOT NULL,    -- the body's length before any cut
    scorer_version VARCHAR NOT NULL
);
