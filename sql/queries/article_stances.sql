-- Every (article, firm) stance with the article's day, source, title and URL: the rows behind the trends.
-- param: firms    all  comma-separated firm ids, or all
-- param: location any  ISO-2 country of the stated data center (KR), or any
-- param: since    -    first day included (YYYY-MM-DD)
-- param: until    -    last day included (YYYY-MM-DD)
-- example: dcwatch query article_stances --firms google --since 2026-01-01 --format csv
SELECT
    a.published_day AS day,
    s.firm,
    s.stance,
    s.score,
    s.confidence,
    s.location,
    s.n_mentions,
    s.evidence,
    a.source,
    a.title,
    a.url,
    a.lang,
    a.published_at,
    s.article_id,
    coalesce(st.story_id, s.article_id) AS story_id,
    s.scorer_version
FROM article_firm_stance s
JOIN articles a USING (article_id)
LEFT JOIN stories st USING (article_id)
WHERE ($firms::VARCHAR[] IS NULL OR list_contains($firms::VARCHAR[], s.firm))
  AND ($location::VARCHAR IS NULL OR s.location = $location::VARCHAR)
  AND ($since::DATE IS NULL OR a.published_day >= $since::DATE)
  AND ($until::DATE IS NULL OR a.published_day <= $until::DATE)
ORDER BY a.published_at NULLS LAST, s.article_id, s.firm;
