-- Near-copy candidates of a chunk of new articles against the story index, a bounded
-- slice at a time. _want holds (article_id, band, band_key, root, target): a new article,
-- one of its LSH bands and that band's key, the story it is in so far (root) and, after the first round, the
-- one story (target) still to be tried for that band. _moved maps each label joined to
-- another this run to its root; _broken lists the stories that lost a member (their
-- members are no longer known to be connected, so each is its own label). Members of a
-- band bucket are numbered within their current story, and only ranks in (?, ?] are
-- returned: one representative per story and band first, the next ones only for the
-- stories where no representative was a near copy.
WITH want AS (
    -- band_key arrives as the bits of a BIGINT; this turns it back into the UBIGINT.
    SELECT article_id, band, (band_key::HUGEINT & 18446744073709551615)::UBIGINT AS band_key,
           root, target
    FROM _want
),
keys AS (SELECT DISTINCT band_key FROM want),
members AS (
    SELECT b.band_key, b.article_id, coalesce(m.root, s.story_id, b.article_id) AS root
    FROM story_bands b
    JOIN keys USING (band_key)
    LEFT JOIN stories s
        ON s.article_id = b.article_id AND s.story_id NOT IN (SELECT story_id FROM _broken)
    LEFT JOIN _moved m ON m.label = coalesce(s.story_id, b.article_id)
),
ranked AS (
    SELECT band_key, article_id, root,
           row_number() OVER (PARTITION BY band_key, root ORDER BY article_id) AS rank,
           count(*) OVER (PARTITION BY band_key, root) AS members
    FROM members
)
SELECT w.article_id AS a, r.article_id AS b, r.root, w.band, r.band_key, r.rank, r.members,
       i.signature
FROM want w
JOIN ranked r ON r.band_key = w.band_key AND r.root <> w.root
     AND (w.target IS NULL OR r.root = w.target)
JOIN story_index i ON i.article_id = r.article_id
WHERE r.rank > ? AND r.rank <= ?
