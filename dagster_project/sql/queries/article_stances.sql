-- Every (article, firm) stance with the article's day, source, title and URL: the rows behind the trends.
-- param: firms    all  comma-separated firm ids, or all
-- param: location any  ISO-2 country of the stated data center (KR), or any
-- param: since    -    first day included (YYYY-MM-DD)
-- param: until    -    last day included (YYYY-MM-DD)
-- example: dcwatch query article_stances --firms google --since 2026-01-01 --format csv
SELECT
    published_day AS day, firm, stance, score, confidence, location, n_mentions, evidence,
    source, title, url, lang, published_at, article_id, story AS story_id, scorer_version
FROM stance_rows($firms::VARCHAR[], $location::VARCHAR, $since::DATE, $until::DATE)
ORDER BY published_at NULLS LAST, article_id, firm;
