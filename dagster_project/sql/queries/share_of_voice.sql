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
-- last period with coverage. Reads the day marts (sql/marts.sql);
-- sql/reference/share_of_voice.sql is the same answer from the raw stance rows.
WITH d AS (
    SELECT firm, articles, single_stories, date_trunc($period, day)::DATE AS period
    FROM firm_days(NULL, $location::VARCHAR, $since::DATE, $until::DATE)
),
periods AS (
    FROM period_series((SELECT min(period) FROM d), (SELECT max(period) FROM d), $period)
),
totals AS (
    SELECT date_trunc($period, day)::DATE AS period, sum(articles) AS period_articles
    FROM day_articles($location::VARCHAR, $since::DATE, $until::DATE)
    GROUP BY ALL
),
firm_totals AS (
    SELECT period, sum(articles) AS firm_articles FROM d GROUP BY period
),
told AS (
    SELECT date_trunc($period, day)::DATE AS period, firm, count(DISTINCT story) AS stories
    FROM story_days(NULL, $location::VARCHAR, $since::DATE, $until::DATE)
    GROUP BY ALL
),
agg AS (
    SELECT period, firm, sum(articles) AS articles, sum(single_stories) AS single_stories
    FROM d GROUP BY ALL
),
firms AS (
    SELECT DISTINCT firm FROM d
    WHERE $firms::VARCHAR[] IS NULL OR list_contains($firms::VARCHAR[], firm)
)
SELECT
    p.period,
    f.firm,
    coalesce(g.articles, 0)::INTEGER        AS articles,
    (coalesce(g.single_stories, 0) + coalesce(s.stories, 0))::INTEGER AS stories,
    coalesce(t.period_articles, 0)::INTEGER AS period_articles,
    round(coalesce(g.articles, 0)::BIGINT / nullif(ft.firm_articles, 0)::BIGINT, 4)   AS share,
    round(coalesce(g.articles, 0)::BIGINT / nullif(t.period_articles, 0)::BIGINT, 4) AS article_share
FROM periods p
CROSS JOIN firms f
LEFT JOIN agg g ON g.period = p.period AND g.firm = f.firm
LEFT JOIN told s ON s.period = p.period AND s.firm = f.firm
LEFT JOIN totals t ON t.period = p.period
LEFT JOIN firm_totals ft ON ft.period = p.period
ORDER BY p.period, f.firm;
