-- name: loads
-- Every load and withdrawal in the upload log (rejections left out), newest first.
-- zh: 上传记录中的每次上传和撤回（不含被拒绝的），最新的在前。
-- param: after_load_id int = 0
SELECT
    load_id,
    file_name,
    kind,
    quarters,
    loaded_by,
    loaded_at,
    outcome,
    withdrawn_by,
    withdrawn_at,
    -- its rows were the very rows it replaced, in a published quarter: no revision
    coalesce(restated, false) AS restated
FROM upload_log
WHERE outcome <> 'rejected' AND load_id > $after_load_id
ORDER BY load_id DESC
