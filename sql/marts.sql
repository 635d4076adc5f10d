-- Marts: small, rebuilt in full from the projections on every refresh.

CREATE OR REPLACE TABLE firm_daily AS
SELECT
    a.published_day                                   AS day,
    s.firm,
    count(*)::INTEGER                                 AS articles,
    sum(s.n_mentions)::INTEGER                        AS mentions,
    count(*) FILTER (WHERE s.stance = 'committed')::INTEGER   AS committed,
    count(*) FILTER (WHERE s.stance = 'considering')::INTEGER AS considering,
    count(*) FILTER (WHERE s.stance = 'declined')::INTEGER    AS declined,
    count(*) FILTER (WHERE s.stance = 'operating')::INTEGER   AS operating,
    count(*) FILTER (WHERE s.stance = 'mentioned')::INTEGER   AS mentioned,
    avg(s.score)                                      AS mean_score
FROM article_firm_stance s
JOIN articles a USING (article_id)
WHERE a.published_day IS NOT NULL
GROUP BY ALL
ORDER BY day, firm;

CREATE OR REPLACE TABLE firm_weekly AS
SELECT
    date_trunc('week', day)::DATE AS week,
    firm,
    sum(articles)::INTEGER    AS articles,
    sum(mentions)::INTEGER    AS mentions,
    sum(committed)::INTEGER   AS committed,
    sum(considering)::INTEGER AS considering,
    sum(declined)::INTEGER    AS declined,
    sum(operating)::INTEGER   AS operating,
    sum(mentioned)::INTEGER   AS mentioned,
    sum(mean_score * articles) / sum(articles) AS mean_score
FROM firm_daily
GROUP BY ALL
ORDER BY week, firm;
