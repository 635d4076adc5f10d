-- Each firm's latest stated stance (ignoring bare mentions) with the sentence that says so.
-- example: dcwatch query firm_stances
SELECT firm, stance, published_day, source, title, evidence, url, lang
FROM stance_rows(NULL, NULL, NULL, NULL)
WHERE stance <> 'mentioned'
QUALIFY row_number() OVER (PARTITION BY firm ORDER BY published_at DESC, article_id) = 1
ORDER BY firm;
