-- Shared SQL for the named queries, the marts and the alerts: defined once, as temporary
-- macros on the connection that runs them (so read-only copies need nothing stored).

-- Every (article, firm) stance with its article's day, time, source, title, URL and story,
-- filtered; a NULL filter means "no filter". Undated articles are kept (published_day NULL):
-- the callers that count by day leave them out.
CREATE OR REPLACE TEMP MACRO stance_rows(_firms, _location, _since, _until) AS TABLE
    SELECT s.article_id, s.firm, s.stance, s.score, s.confidence, s.evidence, s.location,
           s.n_mentions, s.scorer_version,
           a.published_at, a.published_day, a.source, a.title, a.url, a.lang,
           coalesce(st.story_id, s.article_id) AS story
    FROM article_firm_stance s
    JOIN articles a USING (article_id)
    LEFT JOIN stories st USING (article_id)
    WHERE (_firms IS NULL OR list_contains(_firms, s.firm))
      AND (_location IS NULL OR s.location = _location)
      AND (_since IS NULL OR a.published_day >= _since)
      AND (_until IS NULL OR a.published_day <= _until);

-- Every period from _lo to _hi (inclusive): 'day', 'week' (Mondays, given a Monday) or
-- 'month' (first days). No rows when _lo is NULL, so an empty input gives no periods.
CREATE OR REPLACE TEMP MACRO period_series(_lo, _hi, _period) AS TABLE
    SELECT unnest(generate_series(_lo::TIMESTAMP, _hi::TIMESTAMP,
        CASE _period WHEN 'month' THEN INTERVAL 1 MONTH
                     WHEN 'day' THEN INTERVAL 1 DAY
                     ELSE INTERVAL 7 DAY END))::DATE AS period;

-- The marts the trend queries read (sql/marts.sql), filtered like stance_rows. Only dated
-- stances are in them.
CREATE OR REPLACE TEMP MACRO firm_days(_firms, _location, _since, _until) AS TABLE
    SELECT * FROM firm_location_daily
    WHERE (_firms IS NULL OR list_contains(_firms, firm))
      AND (_location IS NULL OR location = _location)
      AND (_since IS NULL OR day >= _since)
      AND (_until IS NULL OR day <= _until);

CREATE OR REPLACE TEMP MACRO story_days(_firms, _location, _since, _until) AS TABLE
    SELECT * FROM firm_story_days
    WHERE (_firms IS NULL OR list_contains(_firms, firm))
      AND (_location IS NULL OR location = _location)
      AND (_since IS NULL OR day >= _since)
      AND (_until IS NULL OR day <= _until);

-- Distinct articles per day naming any firm, at _location (NULL: whatever the location).
CREATE OR REPLACE TEMP MACRO day_articles(_location, _since, _until) AS TABLE
    SELECT day, articles FROM daily_articles
    WHERE (CASE WHEN _location IS NULL THEN all_locations
                ELSE NOT all_locations AND location = _location END)
      AND (_since IS NULL OR day >= _since)
      AND (_until IS NULL OR day <= _until);

-- The stated stances (stance_rows without bare mentions) of _firms at _location.
CREATE OR REPLACE TEMP MACRO stated_rows(_firms, _location) AS TABLE
    SELECT * FROM stated_stances
    WHERE (_firms IS NULL OR list_contains(_firms, firm))
      AND (_location IS NULL OR location = _location);
