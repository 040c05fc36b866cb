-- name: peer_groups
-- Peer groups present in the unit list, in a fixed order, with English names, in the quarter
-- given (no quarter: each unit's latest row).
-- param: quarter quarter = None
WITH names (peer_group, peer_group_en, sort_order) AS (
    VALUES
        ('三级医院', 'Tertiary hospital', 1),
        ('二级医院', 'Secondary hospital', 2),
        ('乡镇卫生院', 'Township health centre', 3),
        ('社区卫生服务中心', 'Community health centre', 4),
        ('专业公共卫生机构', 'Public-health institution', 5)
),
final AS (
    SELECT
        u.peer_group,
        coalesce(n.peer_group_en, u.peer_group) AS peer_group_en,
        count(*) AS unit_count,
        coalesce(any_value(n.sort_order), 99) AS sort_order
    FROM units_in_force([coalesce($quarter, '9999Q4')]) AS u
    LEFT JOIN names AS n ON n.peer_group = u.peer_group
    GROUP BY u.peer_group, n.peer_group_en
)
SELECT peer_group, peer_group_en, unit_count FROM final ORDER BY sort_order, peer_group
