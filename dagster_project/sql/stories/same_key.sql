-- Index articles with the same content hash or canonical URL as a new article in _new:
-- one per key (all index articles sharing a key are one story already), with the label
-- of that story as in near_candidates.sql.
WITH hashes AS (
    SELECT hash_key, min(article_id) AS b FROM story_index
    WHERE hash_key IN (SELECT hash_key FROM _new) GROUP BY hash_key
),
urls AS (
    SELECT url_key, min(article_id) AS b FROM story_index
    WHERE url_key IN (SELECT url_key FROM _new) GROUP BY url_key
),
links AS (
    SELECT n.article_id AS a, h.b FROM _new n JOIN hashes h USING (hash_key)
    UNION ALL
    SELECT n.article_id, u.b FROM _new n JOIN urls u USING (url_key)
)
SELECT l.a, l.b, coalesce(m.root, s.story_id, l.b) AS root
FROM links l
LEFT JOIN stories s
    ON s.article_id = l.b AND s.story_id NOT IN (SELECT story_id FROM _broken)
LEFT JOIN _moved m ON m.label = coalesce(s.story_id, l.b)
