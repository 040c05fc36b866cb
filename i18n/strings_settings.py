"""Strings of the settings of the method (etl/settings.py), shown on the Method page."""

STRINGS = {
    "method.settings.title": ("测评参数", "Settings of the method"),
    "method.settings.deadline_days": (
        "报送截止：文件在所含最后一个季度结束后 {value} 天内装载为按时，晚于此为迟报。",
        "Reporting deadline: a file loaded more than {value} days after the end of the latest "
        "quarter it covers is late.",
    ),
    "method.settings.outlier_threshold": (
        "异常值阈值：修正 z 分数的绝对值大于 {value} 标为异常。",
        "Outlier threshold: a value whose modified z-score is above {value} in absolute value "
        "is flagged.",
    ),
}
