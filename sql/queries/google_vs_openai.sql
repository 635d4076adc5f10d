-- Google versus OpenAI, week by week (weeks start on Monday, Korean calendar days):
-- articles naming each firm, mentions, the stance mix, and the net commitment score
-- (mean stance weight: committed 1, operating 0.75, considering 0.5, mentioned 0, declined -1).
SELECT
    week,
    firm,
    articles,
    mentions,
    committed,
    considering,
    declined,
    operating,
    mentioned,
    round(mean_score, 2) AS net_score
FROM firm_weekly
WHERE firm IN ('google', 'openai')
ORDER BY week, firm;
