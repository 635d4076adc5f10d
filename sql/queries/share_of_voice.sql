-- Each firm's share of data-center coverage by week or month (share sums to 1 over all firms in a period).
-- param: period   week  (week|month) weeks start on Monday; days are Korean calendar days
-- param: firms    all   comma-separated firm ids to show, or all (shares are always of every firm)
-- param: location any   ISO-2 country of the stated data center (KR), or any
-- param: since    -     first day included (YYYY-MM-DD)
-- param: until    -     last day included (YYYY-MM-DD)
-- example: dcwatch query share_of_voice --period month --since 2026-01-01
--
-- Coverage is an (article, firm) row of article_firm_stance. share = the firm's articles
-- / all firms' articles in the period (a share of voice: sums to 1); article_share = the
-- firm's articles / distinct articles in the period naming any firm (an article naming
-- two firms counts for both, so these do not sum to 1). Zero-filled from the first to the
-- last period with coverage.
WITH s AS (
    SELECT s.article_id, s.firm,
           date_trunc($period, a.published_day)::DATE AS period,
           coalesce(st.story_id, s.article_id)       AS story
    FROM article_firm_stance s
    JOIN articles a USING (article_id)
    LEFT JOIN stories st USING (article_id)
    WHERE a.published_day IS NOT NULL
      AND ($location::VARCHAR IS NULL OR s.location = $location::VARCHAR)
      AND ($since::DATE IS NULL OR a.published_day >= $since::DATE)
      AND ($until::DATE IS NULL OR a.published_day <= $until::DATE)
),
periods AS (
    SELECT unnest(generate_series(
        min(period)::TIMESTAMP, max(period)::TIMESTAMP,
        CASE WHEN $period = 'month' THEN INTERVAL 1 MONTH ELSE INTERVAL 7 DAY END))::DATE AS period
    FROM s
    HAVING count(*) > 0
),
totals AS (
    SELECT period, count(*) AS firm_articles, count(DISTINCT article_id) AS period_articles
    FROM s GROUP BY period
),
agg AS (
    SELECT period, firm, count(*) AS articles, count(DISTINCT story) AS stories
    FROM s GROUP BY ALL
),
firms AS (
    SELECT DISTINCT firm FROM s
    WHERE $firms::VARCHAR[] IS NULL OR list_contains($firms::VARCHAR[], firm)
)
SELECT
    p.period,
    f.firm,
    coalesce(g.articles, 0)::INTEGER        AS articles,
    coalesce(g.stories, 0)::INTEGER         AS stories,
    coalesce(t.period_articles, 0)::INTEGER AS period_articles,
    round(coalesce(g.articles, 0) / nullif(t.firm_articles, 0), 4)   AS share,
    round(coalesce(g.articles, 0) / nullif(t.period_articles, 0), 4) AS article_share
FROM periods p
CROSS JOIN firms f
LEFT JOIN agg g ON g.period = p.period AND g.firm = f.firm
LEFT JOIN totals t ON t.period = p.period
ORDER BY p.period, f.firm;
