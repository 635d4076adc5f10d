-- Marts: small, rebuilt in full from the projections on every refresh.
-- Each column's trailing comment is its description on the asset's page in the UI.

CREATE OR REPLACE TABLE firm_daily AS
SELECT
    published_day                                   AS day,          -- Korean calendar day of publication
    firm,                                                            -- firm id (score/firms.yaml)
    count(*)::INTEGER                               AS articles,     -- articles naming the firm that day
    sum(n_mentions)::INTEGER                        AS mentions,     -- sentences naming the firm in those articles
    count(*) FILTER (WHERE stance = 'committed')::INTEGER   AS committed,   -- articles where its stance is committed
    count(*) FILTER (WHERE stance = 'considering')::INTEGER AS considering, -- articles where it is considering
    count(*) FILTER (WHERE stance = 'declined')::INTEGER    AS declined,    -- articles where it declined
    count(*) FILTER (WHERE stance = 'operating')::INTEGER   AS operating,   -- articles where it already operates one
    count(*) FILTER (WHERE stance = 'mentioned')::INTEGER   AS mentioned,   -- articles that only mention it
    avg(score)                                      AS mean_score    -- mean stance weight (committed 1 … declined -1)
FROM stance_rows(NULL, NULL, NULL, NULL)
WHERE published_day IS NOT NULL
GROUP BY ALL
ORDER BY day, firm;

CREATE OR REPLACE TABLE firm_weekly AS
SELECT
    date_trunc('week', day)::DATE AS week,        -- Monday of the week
    firm,                                         -- firm id (score/firms.yaml)
    sum(articles)::INTEGER    AS articles,        -- articles naming the firm that week
    sum(mentions)::INTEGER    AS mentions,        -- sentences naming the firm in those articles
    sum(committed)::INTEGER   AS committed,       -- articles where its stance is committed
    sum(considering)::INTEGER AS considering,     -- articles where it is considering
    sum(declined)::INTEGER    AS declined,        -- articles where it declined
    sum(operating)::INTEGER   AS operating,       -- articles where it already operates one
    sum(mentioned)::INTEGER   AS mentioned,       -- articles that only mention it
    sum(mean_score * articles) / sum(articles) AS mean_score  -- mean stance weight of the week's articles
FROM firm_daily
GROUP BY ALL
ORDER BY week, firm;
