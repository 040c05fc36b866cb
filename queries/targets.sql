-- name: targets
-- Target rows of the indicator system; with a quarter, only those in force for it.
-- param: quarter quarter = None
SELECT indicator_code, peer_group, from_quarter, target
FROM targets
WHERE $quarter IS NULL OR from_quarter <= $quarter
QUALIFY $quarter IS NULL
    OR row_number() OVER (PARTITION BY indicator_code, peer_group ORDER BY from_quarter DESC) = 1
ORDER BY indicator_code, peer_group = '全部' DESC, peer_group, from_quarter
