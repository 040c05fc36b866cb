-- name: outliers
-- Values far from the peer group and from the unit's own history by modified z-score (MAD).
-- zh: 按修正 Z 分数（MAD）与同类单位和本单位历史相差较大的数值。
-- param: quarter quarter
-- param: peer_group peer_group = 全部
-- param: threshold float = setting:outlier_threshold
-- param: history int = 8
-- param: flagged_only bool = true
-- stage: values
-- window: history
WITH current AS (
    SELECT unit_code, peer_group, indicator_code, value
    FROM unit_indicator_values
    WHERE quarter = $quarter
),
-- the median, the MAD and the mean absolute deviation from the median (the score's spread
-- where the MAD is 0: macro modified_z), the median taken first over each row's group
peer AS (
    SELECT
        peer_group,
        indicator_code,
        any_value(centre) AS peer_median,
        mad(value) AS peer_mad,
        avg(abs(value - centre)) AS peer_meanad
    FROM (SELECT *, median(value) OVER (PARTITION BY peer_group, indicator_code) AS centre
          FROM current)
    GROUP BY peer_group, indicator_code
),
-- The unit's own earlier quarters in the window (at most $history of them).
history AS (
    SELECT unit_code, indicator_code, value
    FROM unit_indicator_values
    WHERE quarter < $quarter
),
own AS (
    SELECT
        unit_code,
        indicator_code,
        any_value(centre) AS own_median,
        mad(value) AS own_mad,
        avg(abs(value - centre)) AS own_meanad,
        count(*) AS history_quarters
    FROM (SELECT *, median(value) OVER (PARTITION BY unit_code, indicator_code) AS centre
          FROM history)
    GROUP BY unit_code, indicator_code
),
scored AS (
    SELECT
        c.unit_code,
        c.peer_group,
        c.indicator_code,
        c.value,
        p.peer_median,
        p.peer_mad,
        -- Iglewicz & Hoaglin modified z-score (macro modified_z)
        modified_z(c.value, p.peer_median, p.peer_mad, p.peer_meanad) AS peer_z,
        o.own_median,
        o.own_mad,
        -- fewer than 4 earlier quarters say too little about the unit's usual level
        CASE WHEN o.history_quarters >= 4
            THEN modified_z(c.value, o.own_median, o.own_mad, o.own_meanad)
        END AS own_z,
        coalesce(o.history_quarters, 0) AS history_quarters
    FROM current AS c
    JOIN peer AS p USING (peer_group, indicator_code)
    LEFT JOIN own AS o USING (unit_code, indicator_code)
),
final AS (
    SELECT
        s.unit_code,
        u.unit_name,
        u.district,
        s.peer_group,
        s.indicator_code,
        d.name_zh,
        d.name_en,
        d.unit,  -- rate, count or number: how the values read (charts.labels.fmt_value)
        s.value,
        s.peer_median,
        s.peer_mad,
        s.peer_z,
        s.own_median,
        s.own_mad,
        s.own_z,
        s.history_quarters,
        coalesce(abs(s.peer_z) > $threshold, false) AS flag_peer,
        coalesce(abs(s.own_z) > $threshold, false) AS flag_own,
        $threshold::DOUBLE AS threshold
    FROM scored AS s
    JOIN units_in_force([$quarter]) AS u ON u.unit_code = s.unit_code  -- the registry then
    JOIN defined_indicators AS d ON d.indicator_code = s.indicator_code AND d.quarter = $quarter
)
SELECT * FROM final
WHERE NOT $flagged_only OR flag_peer OR flag_own
ORDER BY greatest(coalesce(abs(peer_z), 0), coalesce(abs(own_z), 0)) DESC, unit_code, indicator_code
