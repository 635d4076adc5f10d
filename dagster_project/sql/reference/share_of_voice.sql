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
    SELECT article_id, firm, story, date_trunc($period, published_day)::DATE AS period
    FROM stance_rows(NULL, $location::VARCHAR, $since::DATE, $until::DATE)
    WHERE published_day IS NOT NULL
),
periods AS (
    FROM period_series((SELECT min(period) FROM s), (SELECT max(period) FROM s), $period)
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
