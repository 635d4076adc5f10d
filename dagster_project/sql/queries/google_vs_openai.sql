-- Google versus OpenAI by week or month: articles, distinct stories, mentions, stance mix, net commitment score.
-- param: period   week           (week|month) weeks start on Monday; days are Korean calendar days
-- param: firms    google,openai  comma-separated firm ids, or all
-- param: location any            ISO-2 country of the stated data center (KR), or any
-- param: since    -              first day included (YYYY-MM-DD)
-- param: until    -              last day included (YYYY-MM-DD)
-- example: dcwatch query google_vs_openai --period month --location KR
--
-- One row per (period, firm) from the first to the last period with coverage, zero-filled,
-- so two firms line up period by period. stories counts distinct stories (copies of one
-- story count once; until stories is filled, each article is its own story). net_score is
-- the mean stance weight of the firm's articles: committed 1, operating 0.75,
-- considering 0.5, mentioned 0, declined -1; NULL in a period without articles.
-- Reads the day marts (sql/marts.sql); sql/reference/google_vs_openai.sql is the same
-- answer from the raw stance rows.
WITH d AS (
    SELECT *, date_trunc($period, day)::DATE AS period
    FROM firm_days($firms::VARCHAR[], $location::VARCHAR, $since::DATE, $until::DATE)
),
told AS (
    SELECT date_trunc($period, day)::DATE AS period, firm, count(DISTINCT story) AS stories
    FROM story_days($firms::VARCHAR[], $location::VARCHAR, $since::DATE, $until::DATE)
    GROUP BY ALL
),
periods AS (
    FROM period_series((SELECT min(period) FROM d), (SELECT max(period) FROM d), $period)
),
firms AS (
    SELECT DISTINCT firm FROM d
    UNION
    SELECT unnest($firms::VARCHAR[]) AS firm
),
agg AS (
    SELECT period, firm,
           sum(articles)          AS articles,
           sum(single_stories)    AS single_stories,
           sum(mentions)          AS mentions,
           sum(committed)         AS committed,
           sum(considering)       AS considering,
           sum(declined)          AS declined,
           sum(operating)         AS operating,
           sum(mentioned)         AS mentioned,
           sum(score_sum) / sum(articles) AS net_score
    FROM d
    GROUP BY ALL
)
SELECT
    p.period,
    f.firm,
    coalesce(g.articles, 0)::INTEGER    AS articles,
    (coalesce(g.single_stories, 0) + coalesce(t.stories, 0))::INTEGER AS stories,
    coalesce(g.mentions, 0)::INTEGER    AS mentions,
    coalesce(g.committed, 0)::INTEGER   AS committed,
    coalesce(g.considering, 0)::INTEGER AS considering,
    coalesce(g.declined, 0)::INTEGER    AS declined,
    coalesce(g.operating, 0)::INTEGER   AS operating,
    coalesce(g.mentioned, 0)::INTEGER   AS mentioned,
    round(g.net_score, 2)               AS net_score
FROM periods p
CROSS JOIN firms f
LEFT JOIN agg g ON g.period = p.period AND g.firm = f.firm
LEFT JOIN told t ON t.period = p.period AND t.firm = f.firm
ORDER BY p.period, f.firm;
