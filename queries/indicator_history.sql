-- name: indicator_history
-- Every row of the indicator system over time: each indicator's fields from each quarter on,
-- with the quarters each row holds for (macro indicator_periods).
-- zh: 测评体系历年的每一行：每个指标自各季度起的各项内容，及每行适用的季度。
SELECT
    indicator_code,
    from_quarter,
    CASE WHEN next_from_quarter IS NOT NULL
        THEN quarter_from_number(quarter_number(next_from_quarter) - 1)
    END AS to_quarter,
    name_zh,
    name_en,
    domain,
    direction,
    weight,
    unit,
    load_id
FROM indicator_periods()
ORDER BY indicator_code, from_quarter ASC NULLS FIRST
