-- Tables of the dcwatch warehouse. Projections are rebuilt from the event log, so
-- this file may change with a code version; the log never does.

-- Where each projection stands in the log, and which code produced it.
CREATE TABLE IF NOT EXISTS projection_state (
    projection   VARCHAR NOT NULL,     -- articles, stories, mentions or marts
    last_seq     BIGINT NOT NULL,      -- last log segment the projection consumed
    code_version VARCHAR NOT NULL,     -- parser or scorer version that produced it
    updated_at   TIMESTAMPTZ NOT NULL  -- when it last changed
);

-- One row per article (its latest fetched version), parsed from ArticleFetched events.
CREATE TABLE IF NOT EXISTS articles (
    article_id     VARCHAR NOT NULL,   -- hash of the canonical URL
    version_id     VARCHAR NOT NULL,   -- the ArticleFetched event this row was parsed from
    url            VARCHAR NOT NULL,   -- canonical URL when the page states one, else the fetched URL
    fetched_url    VARCHAR NOT NULL,   -- the URL the page was fetched from (after redirects)
    canonical_url  VARCHAR,            -- as the page states it (rel=canonical, og:url)
    source         VARCHAR NOT NULL,   -- name of the source in the sources file
    title          VARCHAR,            -- headline
    published_at   TIMESTAMPTZ,        -- publication time as the page (or, last, the feed) states it
    published_day  DATE,               -- published_at as a calendar day in Korea (UTC+9)
    updated_at     TIMESTAMPTZ,        -- last modification time the page states
    date_source    VARCHAR,            -- jsonld | meta | byline | visible | feed
    author         VARCHAR,            -- byline
    lang           VARCHAR,            -- language of the body (ISO 639-1: ko, en, ...)
    body           VARCHAR,            -- main text, one paragraph per line
    encoding       VARCHAR,            -- character encoding the bytes were decoded with
    parse_status   VARCHAR NOT NULL,   -- ok | skipped_offtopic (cheap pass only: no tracked firm or data center, no body) | empty | binary | too_large | error
    parse_reason   VARCHAR,            -- why the status is not ok (or a note such as "headline only")
    fetched_at     TIMESTAMPTZ NOT NULL, -- when this version was fetched
    n_versions     INTEGER NOT NULL,   -- distinct fetched versions of the article so far
    event_seq      BIGINT NOT NULL,    -- log segment the version came from
    parser_version VARCHAR NOT NULL    -- version of the parser that produced the row
);

-- One row per (article, foreign firm, sentence naming it).
CREATE TABLE IF NOT EXISTS mentions (
    article_id     VARCHAR NOT NULL,   -- the article (articles.article_id)
    firm           VARCHAR NOT NULL,   -- foreign firm id (score/firms.yaml)
    sentence_idx   INTEGER NOT NULL,   -- 0 is the title
    sentence       VARCHAR NOT NULL,   -- the sentence naming the firm
    evidence       VARCHAR,            -- the words that carry the stance, when one is stated
    stance         VARCHAR NOT NULL,   -- committed | considering | declined | operating | mentioned
    score          DOUBLE NOT NULL,    -- stance weight: committed 1, operating 0.75, considering 0.5, mentioned 0, declined -1
    confidence     DOUBLE NOT NULL,    -- how sure the scorer is, 0 to 1
    location       VARCHAR,            -- ISO country code of the data center, when stated
    holder         VARCHAR,            -- firm that holds the stance in the sentence (its subject)
    counterparties VARCHAR,            -- other firms in the deal (domestic partners included), comma-separated
    scorer_version VARCHAR NOT NULL    -- scorer version that wrote the row
);

-- One row per (article, firm mentioned): the firm's stance in that article.
CREATE TABLE IF NOT EXISTS article_firm_stance (
    article_id     VARCHAR NOT NULL,   -- the article (articles.article_id)
    firm           VARCHAR NOT NULL,   -- foreign firm id (score/firms.yaml)
    stance         VARCHAR NOT NULL,   -- the firm's stance in the article: committed | considering | declined | operating | mentioned
    score          DOUBLE NOT NULL,    -- stance weight: committed 1, operating 0.75, considering 0.5, mentioned 0, declined -1
    confidence     DOUBLE NOT NULL,    -- confidence of the deciding sentence, 0 to 1
    evidence       VARCHAR,            -- the sentence that decides the stance
    location       VARCHAR,            -- ISO country code of the data center it names, when stated
    n_mentions     INTEGER NOT NULL,   -- sentences of the article naming the firm
    scorer_version VARCHAR NOT NULL    -- scorer version that decided it
);

-- Every scorer version's verdicts, kept across re-scorings so versions can be compared.
CREATE TABLE IF NOT EXISTS stance_history (
    scorer_version VARCHAR NOT NULL,   -- scorer version of the verdict
    article_id     VARCHAR NOT NULL,   -- the article (articles.article_id)
    firm           VARCHAR NOT NULL,   -- foreign firm id
    stance         VARCHAR NOT NULL,   -- the stance that version decided
    score          DOUBLE NOT NULL,    -- its stance weight
    confidence     DOUBLE NOT NULL,    -- its confidence, 0 to 1
    evidence       VARCHAR,            -- its deciding sentence
    location       VARCHAR             -- ISO country code of the data center, when stated
);

-- One row per article: which story it belongs to (exact and near-duplicates share a
-- story_id), so trend queries can count distinct stories as well as copies.
CREATE TABLE IF NOT EXISTS stories (
    article_id   VARCHAR NOT NULL,   -- the article (articles.article_id)
    story_id     VARCHAR NOT NULL,   -- the story's earliest article
    content_hash VARCHAR NOT NULL,   -- hash of the normalised body (equal for exact copies)
    is_copy      BOOLEAN NOT NULL,   -- not the earliest article of its story
    n_copies     INTEGER NOT NULL    -- other articles of the same story
);

-- The near-duplicate index behind stories: one row per grouped article with what its
-- grouping needs, so a refresh compares only the new articles against it (no body is
-- read again). Kept by parse/stories.py with the stories rows, in the same transaction.
CREATE TABLE IF NOT EXISTS story_index (
    article_id     VARCHAR NOT NULL,  -- the article (articles.article_id)
    version_id     VARCHAR NOT NULL,  -- the version grouped (articles.version_id)
    parser_version VARCHAR NOT NULL,  -- the parser that produced that version
    published_at   TIMESTAMPTZ,       -- orders a story's members: the earliest names it
    content_hash   VARCHAR NOT NULL,  -- hash of the normalised body (stories.content_hash)
    hash_key       VARCHAR,           -- content_hash, NULL for a blank article (blank is no copy)
    url_key        VARCHAR,           -- canonical URL (the same URL is the same story)
    signature      BLOB               -- MinHash signature (64 x uint32), NULL when too short to judge
);

-- The LSH bands of the signatures in story_index: articles sharing a band key are
-- candidates, confirmed on the signature.
CREATE TABLE IF NOT EXISTS story_bands (
    band_key   UBIGINT NOT NULL,  -- 64-bit hash of one band (4 values) of the signature
    article_id VARCHAR NOT NULL   -- the article (story_index.article_id)
);

-- Articles whose story changed since the marts last read stories (the marts consume it).
CREATE TABLE IF NOT EXISTS story_changes (
    article_id VARCHAR NOT NULL   -- the article whose story_id was set, changed or removed
);

-- Alerts raised by the marts run: stance changes and coverage spikes. Append-only: an
-- alert keeps the run that first saw it (first_seen_at); alert_id is a hash of what the
-- alert is about, so re-running or replaying raises nothing twice.
CREATE TABLE IF NOT EXISTS alerts (
    alert_id      VARCHAR NOT NULL,   -- hash of kind, firm and what changed (see marts/alerts.py)
    kind          VARCHAR NOT NULL,   -- stance_change | coverage_spike
    firm          VARCHAR NOT NULL,   -- foreign firm id
    day           DATE NOT NULL,      -- the article's day (stance_change) or the spike's day
    from_stance   VARCHAR,            -- stance_change: the firm's previous stated stance
    to_stance     VARCHAR,            -- stance_change: the new one
    "count"       INTEGER,            -- coverage_spike: articles naming the firm that day
    baseline      DOUBLE,             -- coverage_spike: mean articles a day over the 14 days before
    evidence      VARCHAR,            -- the sentence behind the alert
    article_id    VARCHAR,            -- the article behind the alert
    first_seen_at TIMESTAMPTZ NOT NULL -- the run that first raised it
);

-- Every scorer version that has written stances, and when it first did: the order in
-- which versions are compared (stance_history holds their verdicts).
CREATE TABLE IF NOT EXISTS scorer_versions (
    scorer_version VARCHAR NOT NULL,   -- hash of every lexicon, registry and rule file
    first_used_at  TIMESTAMPTZ NOT NULL -- when it first wrote stances
);

-- Articles the scorer did not read in full (articles scored in full have no row):
-- 'truncated', scored on the headline and the first part of an over-long body (see
-- score/budget.py), or 'failed', the scorer raised on it: skipped until the next rebuild.
CREATE TABLE IF NOT EXISTS article_score_status (
    article_id     VARCHAR NOT NULL,   -- the article (articles.article_id)
    status         VARCHAR NOT NULL,   -- truncated | failed
    reason         VARCHAR NOT NULL,   -- one line: the budget, or the error
    body_chars     BIGINT NOT NULL,    -- the body's length before any cut
    scorer_version VARCHAR NOT NULL    -- the scorer that read it
);

-- Marts: small tables the trend queries read instead of the raw stance rows. Each refresh
-- updates only the days its new or re-scored articles (and the stories they joined)
-- touch (sql/marts.sql, run by marts/project.py); a rebuild recomputes every day.

CREATE TABLE IF NOT EXISTS firm_daily (
    day         DATE,       -- Korean calendar day of publication
    firm        VARCHAR,    -- firm id (score/firms.yaml)
    articles    INTEGER,    -- articles naming the firm that day
    mentions    INTEGER,    -- sentences naming the firm in those articles
    committed   INTEGER,    -- articles where its stance is committed
    considering INTEGER,    -- articles where it is considering
    declined    INTEGER,    -- articles where it declined
    operating   INTEGER,    -- articles where it already operates one
    mentioned   INTEGER,    -- articles that only mention it
    mean_score  DOUBLE      -- mean stance weight (committed 1 … declined -1)
);

CREATE TABLE IF NOT EXISTS firm_weekly (
    week        DATE,       -- Monday of the week
    firm        VARCHAR,    -- firm id (score/firms.yaml)
    articles    INTEGER,    -- articles naming the firm that week
    mentions    INTEGER,    -- sentences naming the firm in those articles
    committed   INTEGER,    -- articles where its stance is committed
    considering INTEGER,    -- articles where it is considering
    declined    INTEGER,    -- articles where it declined
    operating   INTEGER,    -- articles where it already operates one
    mentioned   INTEGER,    -- articles that only mention it
    mean_score  DOUBLE      -- mean stance weight of the week's articles
);

-- The grain the named trend queries read: any period, firm, location and date range is a
-- sum of these rows, except distinct stories, which add single_stories to a count over
-- firm_story_days.
CREATE TABLE IF NOT EXISTS firm_location_daily (
    day            DATE NOT NULL,     -- Korean calendar day of publication
    firm           VARCHAR NOT NULL,  -- firm id (score/firms.yaml)
    location       VARCHAR,           -- ISO-2 country of the stated data center (NULL: none stated)
    articles       BIGINT NOT NULL,   -- (article, firm) stances that day
    single_stories BIGINT NOT NULL,   -- of those, stories with no other dated article on the firm
    mentions       BIGINT NOT NULL,   -- sentences naming the firm in those articles
    committed      BIGINT NOT NULL,   -- articles where its stance is committed
    considering    BIGINT NOT NULL,   -- articles where it is considering
    declined       BIGINT NOT NULL,   -- articles where it declined
    operating      BIGINT NOT NULL,   -- articles where it already operates one
    mentioned      BIGINT NOT NULL,   -- articles that only mention it
    score_sum      DOUBLE NOT NULL    -- sum of the stance weights (net score = score_sum / articles)
);

-- Stories told by more than one dated article on a firm: where and when each appeared, so
-- a period counts such a story once.
CREATE TABLE IF NOT EXISTS firm_story_days (
    firm     VARCHAR NOT NULL,  -- firm id (score/firms.yaml)
    story    VARCHAR NOT NULL,  -- story id (stories.story_id, else the article)
    day      DATE NOT NULL,     -- a day one of its articles was published
    location VARCHAR            -- the location that article states for the firm
);

-- Distinct articles naming any firm per day, by location and over all locations.
CREATE TABLE IF NOT EXISTS daily_articles (
    day           DATE NOT NULL,     -- Korean calendar day of publication
    location      VARCHAR,           -- ISO-2 country (NULL: none stated, or all_locations)
    all_locations BOOLEAN NOT NULL,  -- the row counts articles whatever the location
    articles      BIGINT NOT NULL    -- distinct articles with a firm stance there that day
);

-- The stated stances (not bare mentions), with what stance_timeline and firm_stances show.
CREATE TABLE IF NOT EXISTS stated_stances (
    article_id    VARCHAR NOT NULL,  -- the article
    firm          VARCHAR NOT NULL,  -- firm id (score/firms.yaml)
    stance        VARCHAR NOT NULL,  -- committed, considering, declined or operating
    confidence    DOUBLE,            -- the stance's confidence
    evidence      VARCHAR,           -- the sentence that states it
    location      VARCHAR,           -- ISO-2 country of the stated data center
    published_at  TIMESTAMPTZ,       -- when the article was published
    published_day DATE,              -- Korean calendar day of publication
    source        VARCHAR,           -- the outlet
    title         VARCHAR,           -- the article's title
    url           VARCHAR,           -- the article's URL
    lang          VARCHAR            -- the article's language
);

-- What the marts last counted of each dated (article, firm) stance, so a refresh knows
-- which days and stories an article leaves when it changes.
CREATE TABLE IF NOT EXISTS mart_rows (
    article_id VARCHAR NOT NULL,  -- the article
    firm       VARCHAR NOT NULL,  -- firm id (score/firms.yaml)
    day        DATE NOT NULL,     -- Korean calendar day of publication
    location   VARCHAR,           -- ISO-2 country of the stated data center
    story      VARCHAR NOT NULL,  -- story id (stories.story_id, else the article)
    stance     VARCHAR NOT NULL,  -- the article's stance on the firm
    score      DOUBLE,            -- its stance weight
    n_mentions INTEGER            -- sentences naming the firm
);
