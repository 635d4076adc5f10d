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
