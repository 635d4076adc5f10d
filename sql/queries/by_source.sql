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
    a.source,
    s.firm,
    count(*)::INTEGER                                          AS articles,
    count(DISTINCT coalesce(st.story_id, s.article_id))::INTEGER AS stories,
    sum(s.n_mentions)::INTEGER                                 AS mentions,
    count(*) FILTER (WHERE s.stance = 'committed')::INTEGER    AS committed,
    count(*) FILTER (WHERE s.stance = 'considering')::INTEGER  AS considering,
    count(*) FILTER (WHERE s.stance = 'declined')::INTEGER     AS declined,
    count(*) FILTER (WHERE s.stance = 'operating')::INTEGER    AS operating,
    count(*) FILTER (WHERE s.stance = 'mentioned')::INTEGER    AS mentioned,
    round(avg(s.score), 2)                                     AS net_score,
    min(a.published_day)                                       AS first_day,
    max(a.published_day)                                       AS last_day
FROM article_firm_stance s
JOIN articles a USING (article_id)
LEFT JOIN stories st USING (article_id)
WHERE a.published_day IS NOT NULL
  AND ($firms::VARCHAR[] IS NULL OR list_contains($firms::VARCHAR[], s.firm))
  AND ($location::VARCHAR IS NULL OR s.location = $location::VARCHAR)
  AND ($since::DATE IS NULL OR a.published_day >= $since::DATE)
  AND ($until::DATE IS NULL OR a.published_day <= $until::DATE)
GROUP BY ALL
ORDER BY a.source, articles DESC, s.firm;
