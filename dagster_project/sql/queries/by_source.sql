-- Coverage by outlet: each source's articles, stories and stance mix per firm, with its net score.
-- param: firms    all  comma-separated firm ids, or all
-- param: location any  ISO-2 country of the stated data center (KR), or any
-- param: since    -    first day included (YYYY-MM-DD)
-- param: until    -    last day included (YYYY-MM-DD)
-- example: dcwatch query by_source --firms google,openai
--
-- net_score is the mean stance weight (committed 1, operating 0.75, considering 0.5,
-- mentioned 0, declined -1) of the source's articles on the firm.
SELECT
    source,
    firm,
    count(*)::INTEGER                                        AS articles,
    count(DISTINCT story)::INTEGER                           AS stories,
    sum(n_mentions)::INTEGER                                 AS mentions,
    count(*) FILTER (WHERE stance = 'committed')::INTEGER    AS committed,
    count(*) FILTER (WHERE stance = 'considering')::INTEGER  AS considering,
    count(*) FILTER (WHERE stance = 'declined')::INTEGER     AS declined,
    count(*) FILTER (WHERE stance = 'operating')::INTEGER    AS operating,
    count(*) FILTER (WHERE stance = 'mentioned')::INTEGER    AS mentioned,
    round(avg(score), 2)                                     AS net_score,
    min(published_day)                                       AS first_day,
    max(published_day)                                       AS last_day
FROM stance_rows($firms::VARCHAR[], $location::VARCHAR, $since::DATE, $until::DATE)
WHERE published_day IS NOT NULL
GROUP BY ALL
ORDER BY source, articles DESC, firm;
