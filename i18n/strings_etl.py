"""Every message the ETL gives an analyst (reading, checking, loading, withdrawing), and what
the upload and audit logs say. ``etl.messages`` builds a message as a key and its values and
says it through ``i18n.t``, so a log entry reads in its reader's language."""

STRINGS = {
    # reading a file (etl/read.py)
    "file.empty": (
        "文件为空：请确认选择的文件是否正确，或重新导出后再上传",
        "the file is empty: check that the right file was chosen, or export it again and upload",
    ),
    "file.sheet_empty": (
        "工作表是空的，没有任何内容：请确认选择的文件（及工作表）是否正确，或重新导出后再上传",
        "the sheet is empty: check that the right file (and sheet) was chosen, or export it "
        "again and upload",
    ),
    "file.typed_separator": (
        "表头（第 {row} 行）用中文的“{separator}”分隔各列（中文输入法输入），"
        "而 CSV 文件须用英文逗号“,”分隔：请在 Excel 或 WPS 中把表格另存为 CSV，"
        "或把列之间的“{separator}”都换成“,”",
        "the header (row {row}) separates its columns with the Chinese “{separator}”, typed with "
        "a Chinese input method, where a CSV file takes the English comma “,”: save the table "
        "from Excel or WPS as CSV, or replace each “{separator}” between columns with “,”",
    ),
    "file.lock_file": (
        "这是 Excel 或 WPS 打开工作簿时在旁边生成的锁定文件（文件名以 ~$ 或 .~lock. 开头），"
        "不是数据：请不要上传它，上传工作簿本身 {workbook}",
        "this is the lock file Excel or WPS makes beside a workbook while it is open (its name "
        "begins with ~$ or .~lock.), not data: leave it out and load the workbook itself, "
        "{workbook}",
    ),
    "file.not_a_table": (
        "这是{kind}，不是表格文件：请上传 CSV 文件或 Excel 工作簿（.xlsx、.xls），"
        "可向报送单位索取其原始表格",
        "this is {kind}, not a table: load a CSV file or an Excel workbook (.xlsx, .xls); the "
        "unit that sent it has the table it was made from",
    ),
    # a name in Latin letters keeps a space from the Chinese before it (这是 PDF 文件)
    "file.kind.pdf": (" PDF 文件", "a PDF file"),
    "file.kind.word": (" Word 文档", "a Word document"),
    "file.kind.powerpoint": (" PowerPoint 演示文稿", "a PowerPoint presentation"),
    "file.kind.image": ("图片", "an image"),
    "file.encoding": (
        "文件既不是 UTF-8 也不是 GBK/GB18030 编码的文本：请另存为“CSV UTF-8”格式或 Excel "
        "工作簿后重新上传",
        "the file is neither UTF-8 nor GBK/GB18030 text: save it again as "
        "'CSV UTF-8' or as an Excel workbook",
    ),
    "file.mixed_encodings": (
        "文件混用了两种编码：第 {unicode_line} 行是 UTF-8 编码的文字，第 {other_line} 行却不是"
        "（如 GBK）；这常见于把两个文件拼在一起，或从另一个导出文件粘贴了几行。按一种编码读取，"
        "另一部分的文字会变成乱码：请把整个文件用同一种编码重新保存（在 Excel 中另存为"
        "“CSV UTF-8”）后重新上传",
        "the file mixes two encodings: line {unicode_line} is UTF-8 text but line {other_line} "
        "is not (it is GBK, say), as when two files are put together or rows are pasted from "
        "another export; read in either encoding, the other part's text would turn into other "
        "characters: save the whole file again in one encoding (in Excel, Save As 'CSV UTF-8') "
        "and upload again",
    ),
    "file.no_header": (
        "前 {lines} 行中找不到表头行；应有一行列出{expected}",
        "no header row found in the first {lines} rows; expected a row naming {expected}",
    ),
    "file.pivot_table": (
        "；本文件像是 Excel 数据透视表（求和项、行标签……），是汇总结果：请上传透视表所依据的明细表"
        "（每行一个单位、季度……）",
        "; the file looks like an Excel pivot table (Sum of, Row Labels…), a summary: upload the "
        "table it sums instead (a row per unit, quarter…)",
    ),
    "file.other_header": (
        "；第 {row} 行像是表头（{cells}……），但没有任何一类可上传数据的列：本文件可能不是"
        "单位名录、检查结果、满意度调查、活动统计或测评体系",
        "; row {row} looks like a header ({cells}…) but names no column of any kind of file "
        "Civbench loads: the file may be none of a unit registry, inspections, surveys, "
        "activities or an indicator system",
    ),
    "file.survey_platform_export": (
        "；本文件像是问卷星等平台导出的答卷（每行一位答卷人，列为题目）：请按单位、季度和调查类型"
        "汇总成一行，样本量填答卷数，满意人数填答“满意”“非常满意”的人数，再上传",
        "; the file looks like a survey platform's export of answers (问卷星: a row per "
        "respondent, a column per question): sum it up to a row per unit, quarter and survey "
        "type, the answers counted as respondents and those answering 满意 or 非常满意 as "
        "satisfied, and upload that",
    ),
    "file.split_column": (
        "“{label}”下分成了这几列，而本表的“{label}”是一列合计：请把它们合并为一列“{label}”，"
        "填写合计，再重新上传",
        "{label} is split into these columns, but the table takes one {label} column with the "
        "total: merge them into one {label} column holding the total and upload again",
    ),
    "file.split_text_column": (
        "“{label}”下分成了这几列，而本表的“{label}”只有一列：请把每行的这几部分写进同一个"
        "“{label}”单元格（如“服务态度－挂号窗口”），再重新上传",
        "{label} is split into these columns, but the table takes one {label} column: write "
        "each row's parts in one {label} cell (such as 服务态度－挂号窗口) and upload again",
    ),
    "file.header_merged_over_data": (
        "表头“{label}”合并在 {columns} 列之上，其中第一列之后的列也填了数据（如“{value}”），"
        "而本表的“{label}”只有一列，只会读取 {first} 列：请只保留一列（数字填合计，文字写进"
        "同一个单元格），或给其他列加上各自的表头，再重新上传",
        "the header {label} is merged over columns {columns}, and a column after the first "
        "holds data too (such as '{value}'), but the table takes one {label} column and would "
        "read only column {first}: keep one column (a figure's total, or a text's parts in one "
        "cell), or give the other columns headers of their own, and upload again",
    ),
    "file.count_merged_down": (
        "“{label}”一格合并了 {cells} 共 {rows} 行：本列是每一行自己的数目，合并后说不清 {value} "
        "是这几行的合计还是其中一行的（复制到每一行又会重复计算）。请取消合并，在每一行写出该"
        "单位自己的数目",
        "{label} is one cell merged down over {cells} ({rows} rows): the column holds each "
        "row's own count, and a merged cell does not say whether {value} is the rows' total or "
        "one row's (copied to each row it would be counted once per row); unmerge it and "
        "write each unit's own count in its own row",
    ),
    "file.count_merged_down_one_unit": (
        "“{label}”一格合并了 {cells} 共 {rows} 行，这几行都是 {unit} 的：本列是每一行（每个"
        "{line}）自己的数目，合并后说不清 {value} 是这几行的合计还是其中一行的（复制到每一行"
        "又会重复计算）。请取消合并，在每一行写出该行（该{line}）自己的数目",
        "{label} is one cell merged down over {cells} ({rows} rows), all of them {unit}'s: the "
        "column holds each row's own count (each {line}'s), and a merged cell does not say "
        "whether {value} is the rows' total or one row's (copied to each row it would be "
        "counted once per row); unmerge it and write each row's own count (its {line}'s) in "
        "that row",
    ),
    "file.other_kind": (
        "；该文件看起来是{kind}文件，而上传时指定的类型是{given}：请更正所选类型（或不指定，"
        "由系统识别）",
        "; the file looks like a {kind} file, but it was loaded as {given}: choose its kind "
        "again (or leave it to be recognised)",
    ),
    "file.header_of_any": (
        "以下任一类数据的各列：{kinds}",
        "the columns of one of: {kinds}",
    ),
    "file.csv_unreadable": (
        "无法按 CSV 格式读取该文件（{error}）：请检查文件是否损坏，或另存为 Excel 工作簿后重新上传",
        "the file is not readable as CSV: {error}",
    ),
    "file.csv_open_quote": (
        '这一行的某个单元格以英文引号（"）开头却没有结束，其后的各行会被读成同一个单元格：'
        "请删去这个引号，或在单元格末尾补上引号，再重新上传",
        'a cell in this row opens a quote (") that is never closed, so every line after it would '
        "read as one cell: remove the quote, or close it at the end of the cell, and upload again",
    ),
    "row.quarter_unlike_title": (
        "本行属于另一个季度，而表格标题写的是 {title}：请核对本行的日期（或季度）；"
        "若文件确实包含多个季度，请去掉标题中的季度，或按季度分开上传",
        "this row falls in another quarter than the form's title names ({title}): check the "
        "row's date (or quarter); if the file really holds several quarters, take the quarter "
        "out of the title or upload each quarter on its own",
    ),
    "unit.name_of_other": (
        "本行的单位名称“{name}”是名录中 {other} 的名称，而本行编码在名录中的名称是“{registered}”："
        "请核对单位编码（或单位名称）后重新上传",
        "the unit name on this row, '{name}', is the registered name of {other}, while this "
        "code is registered as '{registered}': check the unit code (or the name) and upload again",
    ),
    "row.quarter_apart": (
        "本行的季度与本文件其余各行（{quarters}）相隔一年以上：请核对年份是否写错；"
        "若确为该季度的数据，请将这些行单独成文件上传",
        "this row's quarter lies more than a year away from the file's other rows ({quarters}): "
        "check the year for a slip; if the row really belongs to that quarter, upload such rows "
        "in a file of their own",
    ),
    "file.excel_unreadable": (
        "无法读取该 Excel 工作簿（{error}）：文件可能已损坏，或并不是 Excel 工作簿；请用 Excel 或 "
        "WPS 打开并重新保存后再上传，若无法打开，请向报送单位重新索取文件",
        "not a readable Excel workbook ({error}): it may be damaged, or not a workbook; open it "
        "in Excel or WPS and save it again, or if it will not open, ask the sender for the file "
        "again",
    ),
    "file.wps_unreadable": (
        "无法读取该 WPS 表格文件（{error}）：请在 WPS 中打开它，点“文件 → 另存为”，文件类型选"
        "“Excel 工作簿（*.xlsx）”，然后上传另存的 .xlsx 文件",
        "not a readable WPS Spreadsheets file ({error}): open it in WPS, choose File → Save As, "
        "save it as an Excel workbook (*.xlsx), and upload that .xlsx file",
    ),
    "file.excel_password": (
        "该 Excel 文件设有打开密码，系统无法读取：请在 Excel 中取消密码（文件 → 信息 → "
        "保护工作簿 → 用密码进行加密，清空密码）并保存后重新上传",
        "the Excel file is protected by an open password, so it cannot be read: remove the "
        "password in Excel (File → Info → Protect Workbook → Encrypt with Password, clear the "
        "password), save it and upload it again",
    ),
    "file.no_sheet": (
        "工作簿中没有该名称的工作表；现有工作表为：{sheets}",
        "no sheet of that name; the workbook has: {sheets}",
    ),
    "file.sheet_unreadable": (
        "无法读取该工作表（{error}）：请用 Excel 打开并重新保存后再上传",
        "the sheet cannot be read: {error}",
    ),
    "cell.invisible": (
        "含有看不见的字符（如零宽空格，常见于从网页或聊天软件复制的内容），看起来相同的内容会被当作"
        "不同的值：请清空该单元格后重新输入，再上传",
        "the cell holds an invisible character (such as a zero-width space, common in text "
        "copied from a web page or a chat), so a value that looks the same would count as "
        "another: clear the cell and type it again, then upload",
    ),
    "cell.struck_through": (
        "单元格 {cell} 带删除线，此行像是已作废：如已作废，请删除此行；如仍有效，请去掉删除线，"
        "然后重新上传",
        "cell {cell} is struck through, as if the row were cancelled: if it is, delete the row; "
        "if it stands, remove the strikethrough; then upload again",
    ),
    "cell.partly_struck": (
        "单元格 {cell} 中有部分文字带删除线（{struck}）：删除线像是表示作废，"
        "但整格文字会照原样读入。请删去带删除线的文字，或去掉删除线，然后重新上传",
        "part of cell {cell} is struck through ({struck}), as if cancelled, yet the whole cell "
        "would load as written: delete the struck text, or remove the strikethrough; then "
        "upload again",
    ),
    "cell.excel_error": (
        "单元格 {cell} 显示错误值 {error}，其公式无法计算：请改正公式，或直接填写数值",
        "cell {cell} shows the error {error}: its formula cannot be calculated; correct the "
        "formula or type the value",
    ),
    "cell.formula_not_calculated": (
        "单元格 {cell} 是公式，但文件中没有保存它的计算结果，或只保存了等待重新计算的占位值"
        "（文件由程序生成、要求打开时重新计算，未经 Excel 或 WPS 保存）：请用 Excel 或 WPS "
        "打开该文件、保存后重新上传",
        "cell {cell} holds a formula whose result the file does not hold, or holds only as a "
        "placeholder to be recalculated (the file was written by a program that asks for a "
        "recalculation on opening, and never saved by Excel or WPS): open it in Excel or WPS, "
        "save it, and load it again",
    ),
    "row.more_cells_than_header": (
        "此行有 {cells} 个单元格，而表头只有 {columns} 列：多出的内容（即所示的值）可能是"
        "某个单元格内的逗号把它拆开了；请把含逗号的内容用英文双引号括起来，"
        "或另存为 Excel 工作簿后重新上传",
        "this row has {cells} cells but the header has {columns} columns: a comma inside a "
        "cell probably split it (the value shown is what lies beyond the last column); put "
        "that cell in double quotes, or save the file as an Excel workbook",
    ),
    "file.no_data_rows": (
        "文件中没有数据行：请在表头下方填写数据后重新上传",
        "the file has no data rows: fill in the rows under the header and upload again",
    ),
    "file.unchecked": (
        "无法检查该文件（{error}）：请联系系统管理员",
        "the file could not be checked: {error}",
    ),
    "column.duplicate": (
        "有两列都表示{name}：“{first}”和“{second}”；请只保留其中一列",
        "two columns mean {name}: '{first}' and '{second}'; keep one",
    ),
    "column.side_by_side": (
        "表头（第 {row} 行）中 {columns} 都出现了两次（从 {first} 列起和从 {second} 列起）："
        "像是两张表左右并排放在同一个工作表里（如一个区两个月的表）。请把两张表分开，各放在一个"
        "工作表或文件里分别上传；若两张表是同一张表的两半，请把右边的表（不含表头）移到左边表的下方",
        "the header row (row {row}) holds {columns} twice (from column {first} and from column "
        "{second}): it looks like two tables side by side in one sheet (such as a district's two "
        "months next to each other). Separate them, each in a sheet or file of its own, and load "
        "each; if they are two halves of one table, move the right-hand one (without its header) "
        "under the left-hand one",
    ),
    "column.types_across": (
        "表头（第 {row} 行）中 {columns} 按列组重复出现（从 {first} 列起和从 {second} 列起），"
        "而文件中没有“{missing}”列：每组列是一个{missing}的数字，各组左右并排。"
        "请改为每个单位每个{missing}一行：添加“{missing}”列，把每组的数字各写成一行、"
        "放在同一组表头下，再上传",
        "the header (row {row}) holds {columns} once for each group of columns (from column "
        "{first} and from column {second}) and the file has no {missing} column: each group is "
        "one {missing}'s figures, the groups side by side. Write one row per unit "
        "and {missing} instead: add a {missing} column, put each group's figures on a row of "
        "their own under one header each, and load again",
    ),
    "column.place": ("（{letter} 列）", " (column {letter})"),
    "column.place_hidden": ("（{letter} 列，已隐藏）", " (column {letter}, hidden)"),
    "column.missing": (
        "缺少必填列：请添加列名为“{zh}”或“{name}”的列",
        "required column missing: add a column headed {zh} or {name}",
    ),
    "column.summary_by_district": (
        "此表没有单位编码，也没有单位名称，而是按“{header}”列出的数字：像是各{division}的汇总表。"
        "系统会根据各单位的数据自行汇总，汇总表不需要上传：请删除此表（工作簿中删除这个工作表），"
        "只上传各单位的数据",
        "this table has no unit codes nor the units' names, but figures by {header}: it looks "
        "like a summary by {division}, which Civbench works out itself from the units' rows and "
        "which is not to be loaded: delete it (in a workbook, delete its sheet) and load the "
        "units' rows",
    ),
    "column.also_accepted": (
        "（也可用：{headers}）",
        " (also accepted: {headers})",
    ),
    "column.unrecognised": (
        "；文件中以下列名未能识别：{headers}。如其中一列即为所缺的列，请把列名改为上述名称",
        "; the file's headers not recognised: {headers}. If one of them is the missing "
        "column, head it as above",
    ),
    # a city's registry (the default level) headed by a county's 乡镇 (i18n/voice.py DIVISIONS)
    "column.division_of_level": (
        "；“{header}”是{levels}级卫生健康部门名录中该列的列名：若本局是{levels}级，请先设置本局级别"
        "（命令行 python -m etl users bureau --level {level}，或用户管理页），再上传",
        "; '{header}' heads this column in the registry of a bureau of level {levels}: if "
        "yours is one, set its level first (python -m etl users bureau --level {level}, or "
        "the User admin page), then load again",
    ),
    # a surveys file giving each survey type a column of its own (门诊满意度, 住院满意度)
    # a data file naming its units by name only (单位名称, no 单位编码)
    "column.names_without_codes": (
        "；“{header}”列是单位名称：系统按单位编码认定单位（名称可有多种写法，编码只有一个），"
        "请加一列单位编码，填写单位名录中各单位的编码（名称列可以保留）",
        "; {header} holds the units' names: rows are matched to units by their code (a name "
        "may be written several ways, a code only one): add a 单位编码 column with each unit's "
        "code from the unit registry (the name column may stay)",
    ),
    "column.types_as_columns": (
        "；{headers}是调查类型：此表把各类调查分列，应改为每个单位每类调查一行，"
        "在调查类型列写 {types}，样本量和满意人数（或满意度得分）写在各自的列",
        "; {headers} name survey types, each given a column of its own: write one row per unit "
        "and survey type instead, the type ({types}) in a survey-type column and its "
        "respondents and satisfied (or score) in theirs",
    ),
    "column.answers_as_columns": (
        "；{headers}是各个答案的人数：满意人数是满意答案的人数之和（{satisfied}），"
        "请添加“满意人数”列写这个和，不要只把“满意”一列改名；样本量为全部答案的人数",
        "; {headers} count each answer: the satisfied are the sum of the satisfied answers "
        "({satisfied}), so add a 满意人数 column holding that sum rather than renaming the 满意 "
        "column alone; respondents are all the answers",
    ),
    "column.events_as_rows": (
        "；{headers}说明这是每次活动一行的记录：请按单位、季度和活动类型汇总，"
        "在“次数”列写活动的次数，参与人数写合计",
        "; the file looks like a log of one row per event ({headers}): sum it up by unit, "
        "quarter and activity type, the number of events in a 次数 column and the participants "
        "added up",
    ),
    # a surveys file of one row per respondent (several rows of one unit, quarter and type)
    "column.per_respondent": (
        "；此表同一单位、季度、调查类型有多行，像是逐份问卷的明细：每个单位每类调查应汇总为一行，"
        "样本量填问卷份数，满意人数填答“满意”的份数（或满意度得分填平均分）",
        "; the file has several rows of one unit, quarter and survey type, as a questionnaire's "
        "answers one row per respondent: sum them up to one row per unit and survey type, with "
        "respondents the number of questionnaires and satisfied the number answering satisfied "
        "(or score the mean score)",
    ),
    "column.quarter_in_title": (
        "；表头标题写的是 {quarter}，若确属该季度，上传时指定 {quarter} 即可",
        "; the form's title says {quarter}: if that is the quarter, state {quarter}",
    ),
    "column.quarter_in_name": (
        "；文件名写的是 {quarter}，若确属该季度，上传时指定 {quarter} 即可",
        "; the file's name says {quarter}: if that is the quarter, state {quarter}",
    ),
    "column.maximum_in_header": (
        "；“{header}”列的表头写有满分 {maximum}：请添加“满分”列，每一行都填写 {maximum}"
        "（各项目满分不同时，逐行填写各自的满分）",
        "; the header {header} gives the maximum {maximum}: add a column headed 满分 with "
        "{maximum} on every row (each item's own maximum, where they differ)",
    ),
    "column.type_in_title": (
        "；表头标题里有“{value}”：若整张表都是{value}，请添加“{zh}”列，每一行都填写 {value}",
        "; the form's title names {value}: if every row is of {value}, add a column headed "
        "{zh} with {value} on every row",
    ),
    "column.quarter_can_be_stated": (
        "；若整张表都属同一季度，也可在上传时指定季度"
        "（命令行 --quarter 2025Q3，或上传页面的“季度”选项）",
        "; or, if every row is of one quarter, state it when loading (--quarter 2025Q3 on the "
        "command line, or the quarter box on the Upload page)",
    ),
    # several hidden sheets hold tables and no visible one does: which is the copy in use?
    "file.several_data_sheets": (
        "工作簿中有多个工作表含有数据（{sheets}），无法确定读取哪一个：请指定工作表"
        "（命令行 --sheet 工作表名，或上传页面的“工作表”选项）",
        "several sheets of the workbook hold data ({sheets}) and which one to read is not "
        "clear: name the sheet (--sheet NAME on the command line, or the sheet box on the "
        "Upload page)",
    ),
    "file.quarter_not_for_kind": (
        "{kind}文件不能指定季度：只有满意度调查和活动统计文件可以（检查结果的季度取自检查日期）",
        "a quarter can be stated only for survey and activity files, not for {kind} "
        "(inspections take theirs from the inspection date)",
    ),
    "file.quarter_unlike_title": (
        "所指定的季度与表头标题不符：标题“{title}”写的是 {named}；请核对后重新指定季度",
        "the quarter stated is not the one the form's title names: '{title}' says {named}; "
        "check which is right and state that quarter",
    ),
    "file.quarter_unlike_name": (
        "所指定的季度与文件名不符：文件名写的是 {named}；请核对后重新指定季度（或更正文件名）",
        "the quarter stated is not the one the file's name names: it says {named}; check which "
        "is right and state that quarter (or correct the name)",
    ),
    "file.quarter_given_twice": (
        "文件已有季度列（{header}）：请不要再另行指定季度",
        "the file has its own quarter column ({header}): do not also state a quarter",
    ),
    "file.quarter_stated_invalid": (
        "指定的季度无法识别：应为季度，如 2025Q3、2025-Q3 或 2025年第3季度",
        "the quarter stated is not a quarter: give one such as 2025Q3, 2025-Q3 or 2025年第3季度",
    ),
    "file.quarter_stated_no_year": (
        "指定的季度没有写年份：请写成带年份的季度，如 2025年第四季度 或 2025Q4",
        "the quarter stated has no year: give it with its year, such as 2025年第四季度 or 2025Q4",
    ),
    "file.quarter_stated_day": (
        "指定的季度应是季度，而这里写的是某一天的日期（该日在{quarter}）：按季度上传的数字"
        "应是整个季度的，一个日期说不清是谁的哪一天（调查日？填报日？）。请写成季度，"
        "如 {year}年{quarter} 或 {year}Q{number}",
        "a date where the quarter is stated (the day is in {quarter}), and a quarter's figures "
        "are the whole quarter's: a day does not say whose day it is (the survey's? the "
        "report's?); state the quarter, such as {year}Q{number}",
    ),
    "file.quarter_stated_months": (
        "指定的季度写的是{quarter}的三个月：请写成季度，如 {year}年{quarter} 或 {year}Q{number}",
        "the quarter stated is the three months of {quarter}: state the quarter, such as "
        "{year}Q{number}",
    ),
    "file.quarter_stated_month": (
        "指定的季度应是季度，而这里写的是月份或其上、中、下旬（该月在{quarter}）：按季度上传的"
        "数字应是整个季度的。若文件是整个季度的数据，请写成季度，如 {year}年{quarter} 或 "
        "{year}Q{number}；若只是这一个月（或其中一旬）的数据，请把同一季度各月的数据按单位合计"
        "后上传（按月分别上传时，后一个月的文件会替换同一季度前几个月的数据）",
        "a month, or part of one (上旬, 中旬, 下旬), where the quarter is stated (the month is "
        "in {quarter}), and a quarter's figures are the whole quarter's: if the file holds its "
        "whole quarter's, state the quarter, such as {year}Q{number}; if it holds that month's "
        "(or part's) alone, add up each unit's months of the quarter and load that (loaded "
        "month by month, each month's file would replace the earlier months of its quarter)",
    ),
    "file.quarter_stated_future": (
        "指定的季度不能晚于当前季度（当前季度为 {current}）",
        "the quarter stated lies in the future (the current quarter is {current})",
    ),
    "file.system_editor_only": (
        "这是测评体系文件（指标、权重、目标值），只有管理员可以上传：请由管理员账号上传",
        "this is an indicator-system file (indicators, weights, targets), which only an admin "
        "may load: have an admin account load it",
    ),
    "file.received_future": (
        "收到日期不能晚于今天（今天是 {today}）：请填写文件实际送达的日期",
        "the day received lies after today ({today}): give the day the file actually arrived",
    ),
    "file.received_early": (
        "收到日期早于文件所含最后一个季度（{quarter}）的开始（{start}），报表不可能那时送达："
        "请核对年份和日期",
        "the day received is before the file's latest quarter ({quarter}) began ({start}), "
        "when its report could not have arrived: check the year and the day",
    ),
    "file.received_before_reported": (
        "收到日期早于文件所报告的最晚日期（{latest}：检查、整改或活动的日期），报表不可能在此之前"
        "送达：请核对年份和日期",
        "the day received is before the latest day the file reports ({latest}: an inspection, "
        "rectification or activity), when its report could not have arrived: check the year "
        "and the day",
    ),
    "column.one_of_missing": (
        "请添加以下列之一：{columns}",
        "add one of these columns: {columns}",
    ),
    # checking cells and rows (etl/validate.py)
    "cell.required": ("必填，不能为空；应为{expectation}", "a value is required: {expectation}"),
    "cell.code_as_above": (
        "单位编码为空：请在每一行都填写单位编码，即使与上一行相同（留空表示“同上”无法识别）",
        "the unit code is empty: write it on every row, even where it is the row above's (an "
        "empty cell for 'same as above' cannot be read)",
    ),
    "cell.expected": ("应为{expectation}", "expected {expectation}"),
    # 小时, 次 in an indicator-system file's 计量单位 (etl/rules.py MEASURE_UNIT)
    "cell.measure_unit": (
        "这是计量单位本身；此列填指标值的类型：百分比填“比率”，次数、个数、人次等填“个数”，"
        "小时、分、天等其他数值填“数值”",
        "a unit of measure: the column says what kind of value the indicator is: a percentage "
        "is rate (比率), a number of times, things or people (次, 个, 人次) count (个数), any "
        "other quantity (小时, 分, 天) number (数值)",
    ),
    "cell.lookalike": ("{expected}；是否应为“{meant}”？", "{expected}; did you mean {meant}?"),
    "cell.month_not_date": (
        "只写了年月，没有写哪一天：请写出具体日期，如 2025-07-15",
        "a year and month, without the day: write the date, such as 2025-07-15",
    ),
    "cell.month_not_date_or_empty": (
        "只写了年月，没有写哪一天：请写出具体日期，如 2025-07-15；尚无日期的请留空",
        "a year and month, without the day: write the date, such as 2025-07-15, or leave the "
        "cell empty while there is none",
    ),
    "cell.date_as_words": (
        "应为日期，而不是文字（如“是”“一个月”）：请用数字写出具体日期，如 2025-07-15",
        "expected a date, not words (such as 是 or 一个月): write the day in digits, such as "
        "2025-07-15",
    ),
    "cell.date_as_words_or_empty": (
        "应为日期，而不是文字（如“已整改”“是”“立行立改”“一个月”）：请用数字写出具体日期，"
        "如 2025-07-15；还没有这个日期（如尚未整改）时请留空",
        "expected a date, not words (such as 已整改, 是, 立行立改 or 一个月): write the day in "
        "digits, such as 2025-07-15; leave the cell empty when there is no such day yet (such "
        "as a finding not rectified yet)",
    ),
    "cell.no_such_day": (
        "日历上没有这一天（如 9 月只有 30 天，2 月在平年只有 28 天）：请核对月份和日期",
        "the calendar has no such day (September has 30 days, February 28 outside a leap "
        "year): check the month and the day",
    ),
    "cell.no_such_month": (
        "月份只能是 1 到 12：请核对月份（是否把月和日写反了）",
        "a month is 1 to 12: check the month (are the month and the day the other way round?)",
    ),
    "cell.day_and_part": (
        "请只写日期，不写上午、下午（如 2025-07-15）；时间可写在日期之后：2025-07-15 10:30",
        "write the day alone, without 上午 or 下午 (such as 2025-07-15); a time may follow the "
        "day: 2025-07-15 10:30",
    ),
    "cell.date_full_stops": (
        "应为日期；日期中请用“.”或“-”分隔，不要用中文句号“。”（如 2025.7.15 或 2025-07-15）",
        "expected a date: separate the date with '.' or '-', not the Chinese full stop '。' "
        "(such as 2025.7.15 or 2025-07-15)",
    ),
    "cell.chinese_full_stop": (
        "应为{expectation}；小数点请用“.”，不要用中文句号“。”（如 88.4）",
        "expected {expectation}; use '.' for the decimal point, not the Chinese full stop '。' "
        "(such as 88.4)",
    ),
    "cell.misplaced_comma": (
        "应为{expectation}；其中的逗号不是千位分隔（如 1,234）：是小数点（1.23）还是多打的逗号"
        "（123）？请去掉逗号，如有小数请用小数点",
        "expected {expectation}; its comma does not group thousands (as in 1,234): a decimal "
        "point (1.23) or a slip (123)? write the number without the comma, with a decimal point "
        "if one is meant",
    ),
    "cell.in_digits": (
        "应为{expectation}；请用阿拉伯数字填写，如 95",
        "expected {expectation}; write it in digits, such as 95",
    ),
    "cell.in_digits_or_fraction": (
        "应为{expectation}；请用阿拉伯数字填写，如 95 或 0.95",
        "expected {expectation}; write it in digits, such as 95 or 0.95",
    ),
    "cell.count_percent": (
        "应为{expectation}；这一列是计数（次数、人数），不能是百分比：请填写实际的数目，如 12",
        "expected {expectation}; the column is a count (of sessions, people), which cannot be a "
        "percentage: write the number counted, such as 12",
    ),
    "cell.survey_count_percent": (
        "应为{expectation}；这一列是人数，不能是百分比：如 90% 是满意度，请把它填在“满意度得分”列"
        "（写 90 或 90%），本列填写人数（有满意度得分时，满意人数可留空）",
        "expected {expectation}; the column is a number of people, which cannot be a "
        "percentage: if 90% is the satisfaction, write it in the score column (满意度得分: 90 "
        "or 90%) and the number of people here (satisfied may be left empty when the score is "
        "given)",
    ),
    "cell.no_percent": (
        "应为{expectation}；这一列不接受百分比：请填写数值本身，如 8.5",
        "expected {expectation}; the column takes no percentage: write the number itself, such "
        "as 8.5",
    ),
    "cell.target_with_bound": (
        "应为{expectation}；目标值只写数值本身（如 92%、0.92 或 85），不写“≥”“≤”“不低于”等："
        "越高越好还是越低越好，由“方向”列填写（越高越好 / 越低越好）",
        "expected {expectation}; write the target alone (such as 92%, 0.92 or 85), without ≥, ≤ "
        "or 不低于: whether higher or lower is better is the direction column's (higher / lower)",
    ),
    "cell.number_estimate": (
        "应为{expectation}；“约200”“200余”“200+”“200-300”这样的约数无法统计：请填写实际的数目"
        "（如按签到表计数），只写数字，如 200",
        "expected {expectation}; an estimate (约200, 200余, 200+, 200-300) cannot be counted: "
        "write the actual number (as counted from the sign-in sheet, say), in digits alone, "
        "such as 200",
    ),
    "cell.minutes_not_hours": (
        "应为{expectation}；志愿服务时长按小时填写：分钟数请换算成小时（“90分钟”写成 1.5），"
        "只写数字",
        "expected {expectation}; volunteer hours are written in hours: convert minutes to hours "
        "(1.5 for 90分钟), in digits alone",
    ),
    "cell.no_survey_mark": (
        "应为{expectation}；如该单位本季度未做此类调查，请删去这一行，不要填写“—”“/”“无”或 0",
        "expected {expectation}; if the unit held no such survey this quarter, delete the row "
        "rather than writing —, /, 无 or 0",
    ),
    "cell.number_with_unit": (
        "应为{expectation}；单元格里只写数字，不写单位（“85分”写成 85，“120人”写成 120）",
        "expected {expectation}; write the number alone, without its unit (85 for 85分, 120 "
        "for 120人)",
    ),
    "load.batch_overlap_checked": (
        "本行的单位和季度（及调查或检查类型）在同批的 {file} 中也有数据：两个文件给同一单位"
        "同一季度的数据，上传时后一个会悄悄取代前一个；请核对哪个文件正确，"
        "从另一个文件中删去这些行，再检查",
        "the unit and quarter (and survey or inspection type) of this row also have data in "
        "{file}, given before it in the same batch: loaded, the later of two files would "
        "silently replace the other's rows; check which file is right, delete these rows from "
        "the other and check again",
    ),
    "load.batch_same_file": (
        "此文件与同批中在它之前的 {file} 相同（内容一致）：同一文件给了两次；请去掉这份副本",
        "the file is the same as {file}, given before it in the same batch (the same content): "
        "it was given twice; leave this copy out",
    ),
    "load.batch_overlap": (
        "本行的单位和季度（及调查或检查类型）已由同批上传的 {file}（批次 {load_id}）给出数据："
        "两个文件给同一单位同一季度的数据，后一个会悄悄取代前一个；请核对哪个文件正确，"
        "从另一个文件中删去这些行，再上传",
        "the unit and quarter (and survey or inspection type) of this row have data from "
        "{file}, given before it in the same batch (load {load_id}): the later of two files "
        "would silently replace the other's rows; check which file is right, delete these rows "
        "from the other and load it again",
    ),
    "cell.number_in_wan": (
        "应为{expectation}；“万”须换算成整个数：“1.2万”写成 12000（只删去“万”字会读成 1.2）",
        "expected {expectation}; write the whole number, not in 万: 12000 for 1.2万 (without "
        "万 alone it would read 1.2)",
    ),
    "cell.none_mark": (
        "应为{expectation}；没有数据或不适用时请留空，不要写“—”“/”或“无”（本列必填时请填写数字，"
        "没有发生即填 0）",
        "expected {expectation}; leave the cell empty when there is nothing to report rather "
        "than writing —, / or 无 (in a required column, write the number: 0 when none)",
    ),
    "cell.decimals_hidden": (
        "应为{expectation}；单元格里存的是带小数的数，数字格式只显示舍入后的数（Excel 的显示隐藏了"
        "小数）：读取的是存的数而不是显示的数，请在单元格中输入整数",
        "expected {expectation}; the cell holds a number with decimals that its number format "
        "hides (Excel shows it rounded): the number held is read, not the one shown, so type "
        "the whole number in the cell",
    ),
    "cell.held_shown": ("{held}（表格显示为 {shown}）", "{held} (the sheet shows {shown})"),
    "cell.no_respondents": (
        "应为{expectation}；样本量为 0 即没有调查：如该单位本季度未做此类调查，请删去这一行",
        "expected {expectation}; 0 respondents is no survey: if the unit held no such survey "
        "this quarter, delete the row",
    ),
    "cell.not_applicable_row": (
        "应为{expectation}；本列必填：如这一行的项目不适用于该单位，请删去这一行，"
        "不要填写“不适用”“—”或“无”（没有发生即填 0）",
        "expected {expectation}; the column is required: if the row's item does not apply to "
        "the unit, delete the row rather than writing 不适用, — or 无 (write 0 when none)",
    ),
    "cell.quarter_without_year": (
        "季度没有写年份：请写成带年份的季度，如 2025年第四季度 或 2025Q4",
        "the quarter has no year: write it with its year, such as 2025年第四季度 or 2025Q4",
    ),
    "cell.quarter_year_apart": (
        "季度没有写年份，年份写在另一列“{header}”中：请把年份写进季度，如 2025年第四季度 或 "
        "2025Q4（“{header}”列随后可删去）",
        "the quarter has no year, which is in another column, '{header}': write the year into the "
        "quarter, such as 2025年第四季度 or 2025Q4 (the '{header}' column may then go)",
    ),
    "cell.weekday_disagrees": (
        "日期与后面写的星期不符：该日期是{weekday}，二者必有一处写错；请核对日期，改正后只写日期"
        "（如 2025-10-16），不必写星期",
        "the date and the day of the week written after it disagree: the date is a {weekday}, "
        "so one of the two is a typo; check the date and write it alone (such as 2025-10-16), "
        "without the day of the week",
    ),
    # kept for the rejections logged before cells were told their own year's quarter
    # (cell.month_not_quarter_of_year, below)
    "cell.month_not_quarter": (
        "这一列应写季度，而这里写的是月份或其上、中、下旬（该月在{quarter}）：本列各行的数字"
        "应是整个季度的。若此行是整个季度的数据，请写成季度，年份照写，如 2025年{quarter} 或 "
        "2025Q{number}；若只是这一个月（或其中一旬）的数据，请把同一季度各月的数据按单位合计"
        "为一行后上传（按月分别上传时，后一个月的文件会替换同一季度前几个月的数据）",
        "a month, or part of one (上旬, 中旬, 下旬), where the quarter is asked (the month is "
        "in {quarter}), and the figures of a row are a whole quarter's: if the row holds its "
        "whole quarter's, write the quarter, the year as written, such as 2025Q{number}; if it "
        "holds that month's (or part's) alone, add up each unit's months of the quarter into "
        "one row and load that (loaded month by month, each month's file would replace the "
        "earlier months of its quarter)",
    ),
    "cell.month_not_quarter_of_year": (
        "这一列应写季度，而这里写的是月份或其上、中、下旬（该月在{quarter}）：本列各行的数字"
        "应是整个季度的。若此行是整个季度的数据，请写成季度，年份照写，如 {year}年{quarter} 或 "
        "{year}Q{number}；若只是这一个月（或其中一旬）的数据，请把同一季度各月的数据按单位合计"
        "为一行后上传（按月分别上传时，后一个月的文件会替换同一季度前几个月的数据）",
        "a month, or part of one (上旬, 中旬, 下旬), where the quarter is asked (the month is "
        "in {quarter}), and the figures of a row are a whole quarter's: if the row holds its "
        "whole quarter's, write the quarter, the year as written, such as {year}Q{number}; if it "
        "holds that month's (or part's) alone, add up each unit's months of the quarter into "
        "one row and load that (loaded month by month, each month's file would replace the "
        "earlier months of its quarter)",
    ),
    # kept for the rejections logged before cells were told their own year's quarter
    # (cell.day_not_quarter_of_year, below)
    "cell.day_not_quarter": (
        "这一列应写季度，而这里写的是某一天的日期（该日在{quarter}）：本列各行的数字应是整个"
        "季度的，一个日期说不清是谁的哪一天（调查日？填报日？）。请写成季度，年份照写，"
        "如 2025年{quarter} 或 2025Q{number}",
        "a date where the quarter is asked (the day is in {quarter}), and the figures of a row "
        "are a whole quarter's: a day does not say whose day it is (the survey's? the "
        "report's?); write the quarter, the year as written, such as 2025Q{number}",
    ),
    "cell.day_not_quarter_of_year": (
        "这一列应写季度，而这里写的是某一天的日期（该日在{quarter}）：本列各行的数字应是整个"
        "季度的，一个日期说不清是谁的哪一天（调查日？填报日？）。请写成季度，年份照写，"
        "如 {year}年{quarter} 或 {year}Q{number}",
        "a date where the quarter is asked (the day is in {quarter}), and the figures of a row "
        "are a whole quarter's: a day does not say whose day it is (the survey's? the "
        "report's?); write the quarter, the year as written, such as {year}Q{number}",
    ),
    # kept for the rejections logged before cells were told their own year's quarter
    # (cell.month_for_quarter_of_year, below)
    "cell.month_for_quarter": (
        "这一列应写季度，而这里写的是月份或其上、中、下旬（该月在{quarter}）：请写成季度，"
        "年份照写，如 2025年{quarter} 或 2025Q{number}",
        "a month, or part of one (上旬, 中旬, 下旬), where the quarter is asked (the month is "
        "in {quarter}): write the quarter, the year as written, such as 2025Q{number}",
    ),
    "cell.month_for_quarter_of_year": (
        "这一列应写季度，而这里写的是月份或其上、中、下旬（该月在{quarter}）：请写成季度，"
        "年份照写，如 {year}年{quarter} 或 {year}Q{number}",
        "a month, or part of one (上旬, 中旬, 下旬), where the quarter is asked (the month is "
        "in {quarter}): write the quarter, the year as written, such as {year}Q{number}",
    ),
    "cell.date_without_year": (
        "日期缺少年份：请写完整日期，如 2025-07-14",
        "the date has no year: write the whole date, e.g. 2025-07-14",
    ),
    "cell.text_marked": (
        '应为{expectation}；单元格写成了 Excel 的文本写法（="…" 公式，或开头的英文单引号 \'），'
        "导出为 CSV 时被当成了内容：请只保留值本身（在 Excel 中复制该列，选择性粘贴为数值）后"
        "重新上传",
        'expected {expectation}; the cell is written as Excel keeps text (a ="…" formula, or '
        "a leading apostrophe '), which the CSV took for part of it: keep the value alone (in "
        "Excel, copy the column and paste it back as values) and upload again",
    ),
    "cell.excel_serial": (
        "应为{expectation}；此数字是以数字形式显示的 Excel 日期：请在 Excel 中将该列设置为"
        "日期格式后重新保存",
        "expected {expectation}; this number is an Excel date shown as a number: "
        "format the column as a date in Excel and save again",
    ),
    "cell.number_as_date": (
        "应为{expectation}；这是设置成了日期格式的数字（Excel 把 28 显示为 1900-01-28）：请在 "
        "Excel 中将该列设置为“常规”或“数值”格式，核对显示的数字后重新保存",
        "expected {expectation}; this is a number in a cell formatted as a date (Excel shows 28 "
        "as 1900-01-28): format the column as General or Number in Excel, check the numbers it "
        "shows and save again",
    ),
    "cell.points_fraction": (
        "应为百分制的{expectation}；0 到 1 之间的数值通常是 Excel 以小数保存的百分比单元格："
        "95 分请填写 95 或 95%",
        "expected {expectation} on a 0–100 scale; a value between 0 and 1 is usually a "
        "percentage cell that Excel stores as a fraction: write 95 or 95% for 95 points",
    ),
    "cell.points_ten_scale": (
        "应为百分制的{expectation}；本文件的得分都不超过 10，像是 10 分制：请乘以 10 后填写"
        "（9.2 分写作 92）；确为百分制的低分请写作 9.2%",
        "expected {expectation} on a 0–100 scale; every score in this file is 10 or less, as "
        "on a 10-point scale: multiply by 10 (write 92 for 9.2); a score that truly is so low "
        "out of 100 is written 9.2%",
    ),
    "cell.points_five_scale": (
        "应为百分制的{expectation}；本文件的得分都不超过 5，像是 5 分制（如“非常满意”记 5 分的"
        "平均分）：请换算成百分制后填写，5 分制乘以 20（4.6 分写作 92），10 分制乘以 10；"
        "确为百分制的低分请写作 4.6%",
        "expected {expectation} on a 0–100 scale; every score in this file is 5 or less, as on "
        "a 5-point scale (the mean of answers scored 5 for 非常满意): give it out of 100, a "
        "5-point score times 20 (92 for 4.6), a 10-point one times 10; a score that truly is "
        "so low out of 100 is written 4.6%",
    ),
    "cell.points_lone_low": (
        "应为百分制的{expectation}；本文件其他得分是百分制，这个得分不超过 10，多半是漏写了"
        "一位或按 10 分制填写（9.5 分应为 95）：请核对后填写百分制得分；确为百分制的低分请写作"
        " 9.5%",
        "expected {expectation} on a 0–100 scale; the file's other scores are out of 100 and "
        "this one is 10 or less, most likely typed short or out of 10 (95 for 9.5): check it "
        "and write the score out of 100; a score that truly is so low is written 9.5%",
    ),
    "cell.too_large": ("数值过大：最大为 {largest}", "too large: at most {largest}"),
    "cell.quarter_with_months": (
        "请只写季度，不写括号里的月份（如 2025年第三季度 或 2025Q3）",
        "write the quarter alone, without the months in brackets (such as 2025年第三季度 or "
        "2025Q3)",
    ),
    "cell.quarter_two_digit_year": (
        "季度的年份须写全四位：2025Q3 或 2025年第三季度，不要写成 25Q3 或 25年第三季度",
        "the quarter's year needs all four digits: 2025Q3 or 2025年第三季度, not 25Q3 or "
        "25年第三季度",
    ),
    "cell.two_digit_year": (
        "年份要写全四位，如 2025.7.5 而不是 25.7.5",
        "the year needs all four digits: 2025.7.5, not 25.7.5",
    ),
    "cell.time_not_date": (
        "这是一天中的时刻，不是日期：请填写日期，如 2025-07-15（时刻可写在日期之后："
        "2025-07-15 10:30）",
        "this is a time of day, not a date: write the date, such as 2025-07-15 (a time may "
        "follow it: 2025-07-15 10:30)",
    ),
    "cell.month_range_not_date": (
        "这是一段月份，不是日期：请每行写一个日期，如 2025-07-15",
        "a range of months, not a date: give one date per row, such as 2025-07-15",
    ),
    "cell.date_range": (
        "这是一段日期（起止日期），不是一个日期：请每行写一个日期，如 2025-10-01",
        "a range of days, not one date: give one date per row, such as 2025-10-01",
    ),
    "cell.date_with_hours": (
        "日期后写了一段时间（如 9:00-11:00）：请只写日期，如 2025-10-03（时段不必填写）",
        "a date followed by a span of hours (such as 9:00-11:00): write the date alone, such "
        "as 2025-10-03 (the hours are not asked)",
    ),
    "cell.date_trailing_dot": (
        "日期末尾多了一个点：请删去末尾的“.”或“。”，如 2025.10.7",
        "a dot after the date: remove the trailing '.' or '。', as in 2025.10.7",
    ),
    # kept for the rejections logged before cells were told their own year's quarter
    # (cell.months_of_quarter_of_year, below)
    "cell.months_of_quarter": (
        "这是{quarter}的三个月：请写成季度，年份照写，如 2025年{quarter} 或 2025Q{number}",
        "the three months of {quarter}: write the quarter, the year as written, such as "
        "2025Q{number}",
    ),
    "cell.months_of_quarter_of_year": (
        "这是{quarter}的三个月：请写成季度，年份照写，如 {year}年{quarter} 或 {year}Q{number}",
        "the three months of {quarter}: write the quarter, the year as written, such as "
        "{year}Q{number}",
    ),
    "cell.too_early": ("不接受 {earliest} 之前的日期", "dates before {earliest} are not accepted"),
    "cell.future_quarter": (
        "季度不能晚于当前季度（当前季度为 {current}）",
        "quarter lies in the future (the current quarter is {current})",
    ),
    "cell.quarter_too_early": ("不接受 2000 年以前的季度", "quarters before 2000 are not accepted"),
    "row.one_of": ("每一行都须填写 {names}", "give {names} on every row"),
    "row.duplicate": (
        "重复行：{key}相同的行已在前面出现，请删除重复的行",
        "duplicate row: the same {key} appears on an earlier row; delete the repeated row",
    ),
    "row.duplicate_differs": (
        "{key}与前面一行相同，但其他内容不同：两行不能同时成立；请核对哪一行正确，删去或更正另一行",
        "the same {key} as an earlier row, but other values differ: both cannot hold; check "
        "which row is right, and delete or correct the other",
    ),
    "row.duplicate_summable": (
        "重复行：{key}相同的行已在前面出现：若两行是同一份数据，请删除其一；"
        "若是两次活动或两批调查，请合并为一行（各数量相加）",
        "duplicate row: the same {key} appears on an earlier row: if both rows report the same, "
        "delete one; if they are two activities or two survey batches, combine them into one "
        "row (add up the counts)",
    ),
    "row.same_as": ("与第 {row} 行相同", "same as row {row}"),
    "row.column_numbers": (
        "此行像是表头下的栏次编号（如 甲、乙、1、2…），不是数据：请删除此行后重新上传",
        "this row looks like the column numbers under a header (such as 甲, 乙, 1, 2 …), not "
        "data: delete the row and load the file again",
    ),
    "row.group_heading": (
        "此行像是分组标题（如“一、医院”“（二）社区卫生服务中心”），不是数据：请删除此行后重新上传；"
        "单位的分组由单位名录的单位类别和{division}决定，表中无需分组",
        "this looks like a group heading (such as '一、医院' or '（二）社区卫生服务中心'), not "
        "data: delete the row and load the file again; Civbench groups the units by the "
        "registry's peer group and {division}, the table need not",
    ),
    "row.repeated_header": (
        "此行重复了表头：请删除此行（或将两张表分成两个文件上传）",
        "this row repeats the header row: delete it (or load the two tables as two files)",
    ),
    "row.reordered_header": (
        "此行是另一张表的表头，其列的顺序与文件的表头不同：只删除此行，下面的数据会按文件的表头"
        "读入错误的列；请将两张表分成两个文件上传（或把下面的数据按文件表头的列顺序排好）",
        "this row is another table's header, with its columns in another order than the "
        "file's header: deleted alone, the rows below it would be read under the file's "
        "header, into the wrong columns; load the two tables as two files (or put the rows "
        "below in the file header's column order)",
    ),
    "row.note": (
        "此行像是表格下方的备注或签名（如“填表人：…”）：请删除此行后重新上传",
        "this looks like a note or signature below the table (such as '填表人: …'): delete "
        "the row and load the file again",
    ),
    "row.average": (
        "此行像是平均值行：请删除该行（系统会自行计算平均值）后重新上传",
        "this looks like a row of averages: delete the row (Civbench works out averages "
        "itself) and load the file again",
    ),
    "row.continued_text": (
        "此行只有“{column}”的文字，像是第 {above} 行该格的续写：请把这段文字写进第 {above} 行的"
        "单元格（格内换行用 Alt+Enter），删去此行后重新上传",
        "this row holds only {column} text, which seems continued from row {above}: write it "
        "into row {above}'s cell (Alt+Enter starts a new line inside a cell), delete this row "
        "and load the file again",
    ),
    "row.total": (
        "此行像是合计行：请删除合计行（系统会自行汇总）后重新上传",
        "this looks like a total row: delete the total row (Civbench adds up the "
        "rows itself) and load the file again",
    ),
    "unit.unknown": (
        "单位编码未登记：请先在单位名录中录入该单位，或更正编码",
        "unknown unit code: load it in the unit registry (单位名录) first, or correct the code",
    ),
    "unit.registry_empty": (
        "单位名录中尚无任何单位：新建的存储须先上传单位名录（与本文件一起上传时，名录先装载），"
        "再上传其他文件",
        "the unit registry holds no unit yet: a new store loads its unit registry first (given "
        "with this file, the registry is loaded first), then the other files",
    ),
    "unit.not_yet_registered": (
        "单位 {unit} 自 {first} 起才登记在单位名录中，此前季度的数据不会计入任何统计：请核对"
        "季度，或在单位名录中把该单位的生效季度改早后重新上传名录",
        "unit {unit} is in the unit registry only from {first} on, so a row of an earlier quarter "
        "would be counted nowhere: check the quarter, or load the registry with the unit in "
        "force from an earlier quarter",
    ),
    "unit.registry_leading_zeros": (
        "名录中已有补上开头的 0 后的这个编码（如 0101 写成了 101）："
        "Excel 把编码当作数字，去掉了开头的 0，按此载入会多出一个新单位；"
        "请将该列设置为文本格式，补全编码后重新保存",
        "the registry holds this code with leading zeros (0101 written 101): Excel took the code "
        "for a number and dropped them, and this row would make a new unit; format the column "
        "as text, restore the codes and save again",
    ),
    "unit.leading_zeros": (
        "单位编码未登记，但补上开头的 0 后是已登记的编码：Excel 把编码当作数字，去掉了开头的 0；"
        "请将该列设置为文本格式，补全编码后重新保存",
        "unknown unit code, but with its leading zeros it is a known one: Excel took the code "
        "for a number and dropped them; format the column as text, restore the codes and save "
        "again",
    ),
    "unit.leading_zeros_of": (
        "单位编码未登记，但补上开头的 0 后是已登记的编码 {codes}："
        "Excel 把编码当作数字，去掉了开头的 0；请将该列设置为文本格式，补全编码后重新保存",
        "unknown unit code, but with its leading zeros it is the known {codes}: Excel took the "
        "code for a number and dropped them; format the column as text, restore the codes and "
        "save again",
    ),
    "unit.registry_without_zeros": (
        "单位编码未登记，但去掉开头的 0 后是名录中已登记的编码（如 0101 在名录中登记为 101）："
        "名录的编码曾被 Excel 当作数字，去掉了开头的 0；"
        "请按名录的写法填写编码，或请更正名录中的编码",
        "unknown unit code, but the unit registry holds it without its leading zeros (101 for "
        "0101): the registry's codes lost them when Excel took them for numbers; write the "
        "code as the registry does, or have the registry's codes corrected",
    ),
    "unit.scientific": (
        "编码写成了 Excel 的科学计数法（如 6.20102E+11）：Excel 把长编码当作数字，只显示前几位，"
        "另存为 CSV 时后面的数字已经丢失；请在原表中将该列设置为文本格式，完整输入编码后重新保存",
        "the code is written in Excel's scientific notation (such as 6.20102E+11): Excel took "
        "the long code for a number and showed only its first digits, and the CSV saved from it "
        "has lost the rest; format the column as text in the original sheet, type the codes in "
        "full and save again",
    ),
    "unit.invisible": (
        "单位编码中含有看不见的字符（如零宽空格，常见于从网页或聊天软件复制的内容）：请删除该"
        "单元格内容后重新输入编码",
        "the unit code holds an invisible character (such as a zero-width space, common in "
        "text copied from a web page or a chat): delete the cell's content and type the code "
        "again",
    ),
    "unit.inner_space": (
        "单位编码未登记，但去掉其中的空格后是已登记的编码：请删除编码中的空格后重新上传",
        "unknown unit code, but without the space inside it it is a known one: delete the "
        "space and upload again",
    ),
    "unit.name_as_code": (
        "这是单位名称，不是单位编码：单位名录中这个单位的编码是 {codes}：请在单位编码列填写编码后"
        "重新上传",
        "this is a unit's name, not its code: the unit registry gives this unit the code "
        "{codes}: write the code in the unit code column and upload again",
    ),
    "unit.registry_code_with_name": (
        "单位编码中含有本行的单位名称，按此载入会把名称当作编码的一部分登记：单位编码列只填编码"
        "（名称填在单位名称列）后重新上传",
        "the code holds the row's own unit name and would register it as part of the code: "
        "keep the code alone in the unit code column (the name goes in the unit name column) "
        "and upload again",
    ),
    "unit.code_with_name": (
        "单元格中是单位编码 {code} 加上其他文字（如单位名称）：单位编码列只填编码（名称如需保留，"
        "另列一列，如 单位名称）后重新上传",
        "the cell holds the unit code {code} with other words beside it (the unit's name?): "
        "keep the code alone in the unit code column (a name, if wanted, in a column of its "
        "own, such as 单位名称) and upload again",
    ),
    "unit.name_as_codes": (
        "这是单位名称，不是单位编码：单位名录中叫这个名称的单位有几个，编码是 {codes}：请在单位"
        "编码列填写所指单位的编码后重新上传",
        "this is a unit's name, not its code: several units of the registry have this name, "
        "with the codes {codes}: write the code of the unit meant in the unit code column and "
        "upload again",
    ),
    "unit.case_of": (
        "单位编码未登记，但不区分大小写时与已登记的 {code} 相同：请按单位名录写作 {code}",
        "unknown unit code, but it matches the registered {code} in other letter case: write "
        "{code}, as the unit registry does",
    ),
    "unit.case": (
        "单位编码未登记，但不区分大小写时与已登记的编码相同：请按单位名录的写法（大小写）填写",
        "unknown unit code, but it matches a known one in other letter case: write it as the "
        "unit registry does",
    ),
    "unit.registry_case_registered": (
        "单位名录已登记编码 {code}，这个编码与它只是大小写不同：编码区分大小写，载入会另登记一个"
        "单位；若指的是 {code}，请照原样写作 {code}",
        "the registry has the code {code}, which this one differs from in letter case only: "
        "codes are told apart by case, so this would register a second unit; if {code} is "
        "meant, write it so",
    ),
    "unit.registry_case_in_file": (
        "本文件第 {row} 行的编码 {code} 与这个编码只是大小写不同：编码区分大小写，载入会登记成"
        "两个单位；若是同一单位，请统一写法",
        "row {row} of this file has the code {code}, which this one differs from in letter case "
        "only: codes are told apart by case, so they would be registered as two units; if they "
        "are one unit, write its code one way",
    ),
    "unit.apostrophe": (
        "单位编码未登记，但去掉开头的英文单引号（'）后是已登记的编码：这个引号是在 Excel 中让编码"
        "保持文本的写法，另存为 CSV 时被当成了内容；请删除引号后重新保存",
        "unknown unit code, but without its leading apostrophe (') it is a known one: the "
        "apostrophe kept the code as text in Excel and became part of it in the CSV; delete it "
        "and save again",
    ),
    "unit.registry_text_formula": (
        '编码写成了 Excel 文本公式（如 ="00123"），按此载入会把公式当作编码：'
        "请去掉等号和引号，只保留编码本身（在 Excel 中复制该列，选择性粘贴为数值）后重新上传",
        'the code is written as Excel\'s text formula (such as ="00123") and would be '
        "registered as the formula: keep only the code itself (in Excel, copy the column and "
        "paste it back as values) and upload again",
    ),
    "unit.excel_text_formula": (
        "单元格写成了 Excel 文本公式 {written}：请改为 {code}（在 Excel 中复制该列，选择性粘贴为"
        "数值）后重新上传",
        "the cell holds Excel's text formula {written}: write {code} instead (in Excel, copy the "
        "column and paste it back as values) and upload again",
    ),
    "unit.excel_decimal": (
        "单位编码未登记，但去掉“.0”（及补上开头的 0）后是已登记的编码：Excel 把编码存成了数字；"
        "请将该列设置为文本格式，写全编码后重新保存",
        "unknown unit code, but without its '.0' (and with any leading zeros back) it is a known "
        "one: Excel stored the code as a number; format the column as text, write the codes in "
        "full and save again",
    ),
    "unit.parent_unknown": (
        "上级单位编码在单位名录和本文件中都找不到对应单位",
        "parent_code names no unit in the registry or in this file",
    ),
    # the contracts' cross-field rules (etl/contracts.py, checked in etl/validate.py)
    "rule.parent_is_not_self": (
        "单位不能是自己的上级单位：请将上级单位编码留空或填写其他单位",
        "a unit cannot be its own parent: leave parent_code blank or name another unit",
    ),
    "rule.score_within_max": (
        "得分不能超过满分",
        "score may not exceed max_score",
    ),
    "rule.deadline_needs_finding": (
        "填写整改期限或整改完成日期须同时填写问题描述：请补填问题描述，或清空该日期",
        "a rectification deadline or date rectified needs a finding: fill in finding, or clear "
        "the date",
    ),
    "rule.sessions_held": (
        "次数为 0，却有参与人数：请填写实际开展的次数；没有开展活动的，请删去这一行",
        "no session held, yet people took part: write the sessions held, or delete the row if "
        "none was",
    ),
    "rule.finding_not_none": (
        "没有发现问题时请将问题描述留空：写“无”“—”“/”等会被当作一条问题计入整改台账，"
        "永远不会整改完成",
        "leave finding empty when nothing was found: —, / or 无 there would count as an open "
        "finding in the rectification ledger, never rectified",
    ),
    "rule.not_before_inspection": (
        "整改日期不能早于检查日期",
        "rectification dates cannot lie before the inspection date",
    ),
    "rule.not_in_future": ("日期不能晚于今天", "dates cannot lie after today"),
    "rule.satisfied_within_respondents": (
        "满意人数不能超过样本量",
        "satisfied may not exceed respondents",
    ),
    "rule.date_matches_quarter": (
        "活动日期不在同一行所填的季度之内",
        "activity_date lies outside the quarter given on the same row",
    ),
    "rule.date_outside_stated_quarter": (
        "活动日期不在上传时指定的季度 {quarter} 之内：请核对所指定的季度"
        "（命令行的 --quarter 或上传页的季度）或这个日期",
        "activity_date lies outside {quarter}, the quarter stated when loading: check the stated "
        "quarter (--quarter on the command line, or the quarter box on the Upload page) or the "
        "date",
    ),
    "rule.indicator_fields_consistent": (
        "同一指标起始季度相同的各行，名称、领域、方向、权重和计量单位必须一致",
        "an indicator's name, domain, direction, weight and unit must be the same on all "
        "of its rows with the same from_quarter",
    ),
    "rule.rate_target_is_fraction": (
        "比率类指标的目标值必须在 0 到 1 之间",
        "a rate's target must lie between 0 and 1",
    ),
    "rule.count_target_not_negative": (
        "计数类指标（计量单位为 count）的目标值不能为负数：计数最少为 0，一个都不允许时请填写 0",
        "a count's target cannot be negative: a count is at least 0; write 0 to tolerate none",
    ),
    "rule.percent_target_only_for_rates": (
        "目标值写成了百分数，但该指标不是比率（计量单位不是 rate）：请按指标自身的数值写，"
        "如满意度得分的目标写 85 而不是 85%",
        "the target is written as a percentage, but the indicator is not a rate (its unit is "
        "not rate): write it as the indicator's own value, e.g. 85 for a satisfaction score, "
        "not 85%",
    ),
    "rule.percent_weight_at_most_whole": (
        "以百分数写的权重不能超过 100%",
        "a weight written as a percentage cannot exceed 100%",
    ),
    "rule.closure_needs_quarter": (
        "撤销的单位须填写生效季度（from_quarter，即自哪个季度起撤销）",
        "a closed unit needs from_quarter (the first quarter it is closed)",
    ),
    "unit.closed": (
        "单位 {unit} 自 {closed} 起已撤销，{closed} 及此后季度的数据不会计入任何统计："
        "请核对单位编码和季度；若该单位仍在运行，请在单位名录中为其上传一行状态为“在用”的记录",
        "unit {unit} is closed from {closed} on, so a row of {closed} or a later quarter would be "
        "counted nowhere: check the unit code and the quarter; if the unit is still running, load "
        "a registry row of it whose status is 在用 (open)",
    ),
    "unit.merged_into": (
        "单位 {unit} 自 {closed} 起已并入 {into}，{closed} 及此后季度的数据不会计入任何统计："
        "若是并入后的数据，请改用 {into} 的编码；否则请核对单位编码和季度",
        "unit {unit} is merged into {into} from {closed} on, so a row of {closed} or a later "
        "quarter would be counted nowhere: if the row is of after the merger, write {into}'s "
        "code; else check the unit code and the quarter",
    ),
    "unit.merged": (
        "单位 {unit} 自 {closed} 起已撤并（并入其他单位），{closed} 及此后季度的数据"
        "不会计入任何统计：请核对单位编码和季度；若该单位仍在运行，请在单位名录中为其上传一行状态为“在用”的记录",
        "unit {unit} is merged into another unit from {closed} on, so a row of {closed} or a "
        "later quarter would be counted nowhere: check the unit code and the quarter; if the unit "
        "is still running, load a registry row of it whose status is 在用 (open)",
    ),
    "rule.target_needs_quarter": (
        "填写目标值须同时填写起始季度（from_quarter，即目标开始适用的季度）",
        "a target needs from_quarter (the first quarter it applies to)",
    ),
    "rule.today": ("（今天为 {today}）", " ({today})"),
    "rule.date_quarter_hint": (
        "：请更正日期或季度，使二者一致",
        ": correct the date or the quarter, so that they agree",
    ),
    "rule.rate_hint": ("（如 95% 请填写 95% 或 0.95）", " (write 95% or 0.95)"),
    # what a column accepts (etl/contracts.py Column.expectation)
    "expect.text": ("文本", "text"),
    "expect.int": ("整数", "a whole number"),
    "expect.number": ("数值", "a number"),
    "expect.date": ("日期，如 2025-07-15", "a date such as 2025-07-15"),
    "expect.quarter": (
        "季度，如 2025Q3、2025-Q3 或 2025年第3季度",
        "a quarter such as 2025Q3, 2025-Q3 or 2025年第3季度",
    ),
    "expect.or_day_as_quarter": (
        "，或一个日期（读作其所在季度）",
        ", or a date (read as its quarter)",
    ),
    "expect.one_of": ("以下之一：{values}", "one of {values}"),
    "expect.minimum": (" {sign} {minimum}", " {sign} {minimum}"),
    "expect.maximum": (" 且 ≤ {maximum}", " and ≤ {maximum}"),
    # load results (etl/load.py)
    "load.rejected": (
        "{file}：未通过检查，共 {count:,} 个问题；未上传任何数据",
        "{file}: rejected, {count:,} problems; nothing loaded",
    ),
    "load.unchanged": (
        "{file}：此文件已上传过（批次 {load_id}），数据未作任何改变",
        "{file}: already loaded (load {load_id}); nothing changed",
    ),
    "load.what": ("{rows:,} 行{kind}数据", "{rows:,} rows of {kind}"),
    "load.span": ("，季度 {span}", ", {span}"),
    "load.same_visit_other_type": (
        "第 {rows} 行的检查（单位、日期、检查项目相同）已以检查类型 {types} 载入（批次 {loads}），"
        "本文件不会替换那些记录，两者都将计入得分；若是更正检查类型，请撤回批次 {loads}，"
        "再上传更正后的文件",
        "row or rows {rows}: the same visit (unit, date and item) is already loaded as {types} "
        "(load {loads}), which this file does not replace: both would be scored; to correct "
        "the type, withdraw load {loads} and load the corrected file",
    ),
    # load.same_visit_other_type with how many rows (load.same_visit_other_type, as said
    # before, stays for the notes kept in upload logs)
    "load.same_visit_counted": (
        "第 {rows} 行（共 {count:,} 行）的检查（单位、日期、检查项目相同）已以检查类型 {types} "
        "载入（批次 {loads}），本文件不会替换那些记录，两者都将计入得分；若是更正检查类型，"
        "请撤回批次 {loads}，再上传更正后的文件",
        "this file has {count:,} rows (numbered {rows}) whose visit (unit, date and item) is "
        "already loaded as {types} (load {loads}), which this file does not replace: both would "
        "be scored; to correct the type, withdraw load {loads} and load the corrected file",
    ),
    # a file with rows of a type but, for some of its units, none of it in a quarter where
    # they had some (inspections and surveys are replaced type by type)
    "load.kept_other_type": (
        "本文件有{column}为 {value} 的行，但其中 {units:,} 个单位（{codes}）在同一季度没有，"
        "它们已有的 {rows:,} 行 {value} 数据（批次 {loads}）保持不变：文件按单位逐个{column}取代"
        "已有数据；若这些数据也应去掉，请撤回批次 {loads}，再重新上传其中仍需要的数据",
        "this file has rows of {column} {value}, but none for {units:,} units of it ({codes}) in "
        "the same quarter, whose {rows:,} earlier {value} rows (load {loads}) stay as they were: "
        "a file replaces a unit's rows {column} by {column}; if they should go too, withdraw "
        "load {loads} and load again what of it is still needed",
    ),
    "load.satisfaction_given_twice": (
        "第 {rows} 行同时填了满意人数和满意度得分，两者不一致"
        "（如第 {row} 行：满意人数 {satisfied}／样本量 {respondents} 为 {share}%，"
        "满意度得分为 {score}）：门诊、住院满意度按满意人数计算，"
        "公众满意度按满意度得分计算，请核对后如有错误重新上传",
        "row or rows {rows} give both the satisfied count and the satisfaction score, and they "
        "disagree (row {row}: {satisfied} of {respondents} is {share}%, the score {score}): "
        "outpatient and inpatient satisfaction use the count, public satisfaction the score; "
        "check the form and load it again if one is wrong",
    ),
    # load.satisfaction_given_twice with how many rows (load.satisfaction_given_twice, as said
    # before, stays for the notes kept in upload logs)
    "load.satisfaction_given_twice_counted": (
        "第 {rows} 行（共 {count:,} 行）同时填了满意人数和满意度得分，两者不一致"
        "（如第 {row} 行：满意人数 {satisfied}／样本量 {respondents} 为 {share}%，"
        "满意度得分为 {score}）：门诊、住院满意度按满意人数计算，"
        "公众满意度按满意度得分计算，请核对后如有错误重新上传",
        "the satisfied count and the satisfaction score given disagree in {count:,} rows "
        "(numbered {rows}; row {row}: {satisfied} of {respondents} is {share}%, the score "
        "{score}): outpatient and inpatient satisfaction use the count, public satisfaction "
        "the score; check the form and load it again if one is wrong",
    ),
    "load.sheet": ("（工作表“{sheet}”）", " (sheet {sheet})"),
    "load.quarter_stated": ("（季度为上传时指定）", " (quarter as stated when loading)"),
    "load.units": ("，{units:,} 个单位", ", {units:,} units"),
    "load.checked": (
        "{file}：试运行通过，可上传 {what}，将替换 {replaced:,} 行已有数据",
        "{file}: dry run OK: would load {what}; {replaced:,} rows would be replaced",
    ),
    "load.loaded": (
        "{file}：已上传 {what}，批次 {load_id}；替换 {replaced:,} 行已有数据",
        "{file}: loaded {what} as load {load_id}; {replaced:,} rows replaced",
    ),
    "load.replaced_system": (
        "（指标 {indicators:,} 行、目标值 {targets:,} 行）",
        " ({indicators:,} of indicators, {targets:,} of targets)",
    ),
    "load.not_in_file": (
        "；注意：其中 {count:,} 行不在本文件中，也会被取代。一个文件取代其单位在其季度的全部已有"
        "数据；若本文件只是补充（如按月报送），请把整个季度的数据放在一个文件中上传",
        "; note: that includes {count:,} rows not in this file, to be replaced all the same. "
        "A file replaces its units' earlier rows of its quarters; if it only adds to them (a "
        "monthly file), load the whole quarter in one file",
    ),
    "load.not_in_file_done": (
        "；注意：其中 {count:,} 行不在本文件中，也已被取代。一个文件取代其单位在其季度的全部已有"
        "数据；若本文件只是补充（如按月报送），请撤回本批次（被取代的数据随即恢复），"
        "再把整个季度的数据放在一个文件中上传",
        "; note: that included {count:,} rows not in this file, replaced all the same. A "
        "file replaces its units' earlier rows of its quarters; if it only adds to them (a monthly "
        "file), withdraw this load (which restores them) and load the whole quarter in one file",
    ),
    "publish.not_a_quarter": (
        "{quarter} 不是季度：请写成 2025Q3 这样",
        "{quarter} is not a quarter: write it like 2025Q3",
    ),
    "publish.no_data": (
        "{quarter} 尚无数据，无可发布",
        "{quarter} has no data loaded: there is nothing to publish",
    ),
    "publish.unchanged": (
        "{quarter} 已发布（第 {number} 号发布），现在的数据与该次发布时完全相同："
        "再次发布的数据将完全相同",
        "{quarter} is published as publication {number} and its data are now exactly as then: "
        "publishing it again would issue the very same figures",
    ),
    "tidy.done": (
        "已整理存储：{expired} 个旧快照已过期（保留发布所依据的 {kept} 个和近 {days} 天的全部），"
        "删除 {files} 个一天前就不再需要的文件，释放 {size}。页面、查询和导出显示的数字均未改变。",
        "tidied the store: {expired} old snapshots expired (kept: the snapshots publications read, "
        "{kept}, and every one of the last {days} days), {files} files no longer needed for a day "
        "or more deleted, {size} freed. No figure a page, query or export shows changed.",
    ),
    "tidy.merged": (
        "另将 {merged} 个小数据文件合并为 {into} 个，以加快读取。",
        "merged {merged} small data files into {into}, for faster reading.",
    ),
    "tidy.set_aside": (
        "{count} 个不再需要的文件（{size}）暂不删除：此刻可能仍有页面或会议材料在读取它们；"
        "一天后再整理时删除。",
        "{count} files no longer needed ({size}) are kept for now, as a page or pack may still "
        "be reading them: a tidy a day or more from now deletes them.",
    ),
    "tidy.orphans_left": (
        "数据文件夹中另有 {count} 个文件（{size}）不属于任何快照（被中断的写入留下的，或与本存储"
        "共用该文件夹的另一存储的）：确认文件夹只属于本存储后，可用 --orphans 删除其中一天以前的。",
        "the data folder holds {count} more files ({size}) that no snapshot knows (left by "
        "writes that were killed, or another store's that shares the folder): once you are sure "
        "the folder is this store's alone, --orphans deletes those older than a day.",
    ),
    "tidy.orphans_young": (
        "数据文件夹中另有 {count} 个不属于任何快照的文件（{size}）未满一天，可能属于仍在进行的"
        "写入，已保留：一天后再用 --orphans 整理时删除。",
        "the data folder holds {count} more files ({size}) that no snapshot knows, kept as they "
        "are less than a day old and may be a write's still under way: a tidy --orphans a day "
        "from now deletes them.",
    ),
    "tidy.keep_a_day": (
        "--keep-days 至少为 1（而不是 {days}）：正在生成的会议材料或打开的页面可能正读取"
        "近几小时的状态；未做任何更改。",
        "--keep-days must be 1 or more (not {days}): a pack being made or a page open may be "
        "reading a state of the last hours; nothing was changed.",
    ),
    "tidy.not_a_lake": (
        "存储 {store} 是一个 DuckDB 文件，不保留旧状态：无需整理。",
        "the store {store} is a DuckDB file, which keeps no old states: nothing to tidy.",
    ),
    "publish.audit_not_bureau_wide": (
        "{quarter}：未发布（只有全局范围的管理员可以发布）",
        "{quarter}: not bureau-wide",
    ),
    "publish.audit": ("{quarter}（第 {number} 号发布）", "{quarter} as publication {number}"),
    "publish.unfinished": (
        "注意：{quarter} 尚未结束，其数据可能还会上传；数据齐全后可再次发布",
        "note: {quarter} has not ended yet and more of its data may come; publish it again "
        "once it is all in",
    ),
    "withdraw.published": (
        "；注意：{quarters} 已发布，页面和会议材料默认显示发布时的数据，本次撤回列为发布后的修订；"
        "如需按撤回后的数据重新发布，请再次发布该季度",
        "; note: {quarters} is published: pages and packs show the figures as published by "
        "default, and this withdrawal is listed among the revisions since; to issue the figures "
        "without it, publish {quarters} again",
    ),
    "withdraw.after_publication": (
        "；注意：{quarters} 已发布，本批次是发布之后上传的：撤回后它不再列为发布后的修订，"
        "但发布后的其他修改仍在，{quarters} 的数据仍与发布时不同；"
        "如需按现有数据重新发布，请再次发布 {quarters}",
        "; note: {quarters} was published before this load came: withdrawn, it is no longer "
        "among the revisions since, but other changes made since publication remain, so the "
        "figures still differ from those published; to issue them, publish {quarters} again",
    ),
    "load.as_published": (
        "{quarters} 的数据现在与发布时完全相同：已发布的数字不变，无需再次发布",
        "{quarters} is now exactly as published: the published figures stand, with nothing to "
        "publish again",
    ),
    "withdraw.as_published": (
        "；注意：{quarters} 已发布，本批次是发布之后上传的：撤回后 {quarters} "
        "的数据已与发布时相同，无需再次发布",
        "; note: {quarters} was published before this load came: withdrawn, it leaves "
        "{quarters} exactly as published, so there is nothing to publish again",
    ),
    # what a store without loads is to be given first (history of an empty store, or of one
    # holding accounts only)
    "cli.load_order": (
        "新建的存储先装载单位名录，再装载测评体系，然后是各季度的数据："
        "python -m etl load 单位名录.xlsx 测评体系.csv。",
        "A new bureau loads its unit registry first, then its indicator system, then each "
        "quarter's files: python -m etl load 单位名录.xlsx 测评体系.csv.",
    ),
    "cli.no_loads": ("尚无上传记录。{order}", "no loads yet. {order}"),
    "cli.empty_store": (
        "尚无上传记录：存储 {store} 中没有任何数据。{order}"
        "若要迁入本局已有的存储（例如 {legacy}）："
        "python -m etl migrate --from {legacy} --to '{store}'",
        "no loads yet: the store {store} holds nothing. {order} To move the bureau's existing "
        "store into it (such as {legacy}): python -m etl migrate --from {legacy} --to '{store}'",
    ),
    # a command's refusal on stderr (python -m etl, python -m charts)
    "cli.error": ("错误：{text}", "error: {text}"),
    # argparse's refusals (etl/arguments.py), for every command line
    "args.usage": ("用法：", "usage: "),
    "args.help": ("（用法见 {prog} --help）", " (see {prog} --help)"),
    "args.required": ("缺少必需的参数：{names}", "the following arguments are required: {names}"),
    "args.unrecognized": ("无法识别的参数：{names}", "unrecognized arguments: {names}"),
    "args.one_required": ("须给出参数 {names} 之一", "one of the arguments {names} is required"),
    "args.ambiguous": (
        "选项 {option} 不明确，可能是 {matches}",
        "ambiguous option: {option} could match {matches}",
    ),
    "args.command": (
        "没有命令 {value}，可用的命令：{choices}",
        "there is no command {value}; the commands: {choices}",
    ),
    "args.choice": (
        "参数 {name} 的值 {value} 无效，可选：{choices}",
        "argument {name}: invalid choice: {value} (choose from {choices})",
    ),
    "args.expected_one": ("参数 {name} 需要一个值", "argument {name}: expected one argument"),
    "args.expected_some": (
        "参数 {name} 至少需要一个值",
        "argument {name}: expected at least one argument",
    ),
    "args.not_with": (
        "参数 {name} 不能与 {other} 同时使用",
        "argument {name}: not allowed with argument {other}",
    ),
    "args.not_whole": (
        "参数 {name} 应为整数，而不是 {value}",
        "argument {name}: invalid int value: {value}",
    ),
    "args.not_number": (
        "参数 {name} 应为数字，而不是 {value}",
        "argument {name}: invalid float value: {value}",
    ),
    # an option's own refusal (its type's, already in the reader's language)
    "args.argument": ("参数 {name}：{text}", "argument {name}: {text}"),
    "cli.rows": ("{rows:,} 行", "{rows:,} rows"),
    # etl history --notes: a correction's rows loaded before, which it replaced
    "cli.history_replaced": (
        "取代此前已上传的 {count:,} 行",
        "replaced {count:,} rows loaded before",
    ),
    "cli.history_restated": (
        "原样重报此前已上传的 {count:,} 行：已发布的数据不变",
        "restated {count:,} rows loaded before, unchanged: the published figures stand",
    ),
    "cli.outcome.loaded": ("已装载", "loaded"),
    "cli.outcome.rejected": ("已拒绝", "rejected"),
    "cli.outcome.withdrawn": ("已撤回", "withdrawn"),
    "cli.withdrawn_by": ("（{at}，{by}）", " {at} by {by}"),
    "cli.received": ("（{on} 收到）", " (received {on})"),
    "cli.withdrew": (
        "已撤回批次 {load_id}：删除 {rows:,} 行，恢复被其替换的 {restored:,} 行",
        "withdrew load {load_id}: {rows:,} rows removed, {restored:,} replaced rows restored",
    ),
    # an indicator system's: the file's lines wrote indicators and targets, each counted
    "cli.withdrew_system": (
        "已撤回批次 {load_id}：删除 {rows:,} 行（指标 {indicators:,} 行、目标值 {targets:,} 行），"
        "恢复被其替换的 {restored:,} 行",
        "withdrew load {load_id}: {rows:,} rows removed ({indicators:,} of indicators, "
        "{targets:,} of targets), {restored:,} replaced rows restored",
    ),
    "cli.publish_by_may_not": (
        "账号 {name} 不能发布：只有全局范围的管理员可以发布；请以这样一位管理员的账号名作 --by"
        "（不写 --by 即记为命令行发布）；未发布任何季度",
        "the account {name} may not publish: only an admin with the bureau-wide scope may; give "
        "such an admin's name to --by (without --by the command line publishes); nothing was "
        "published",
    ),
    "cli.published": (
        "已发布 {quarter}，为第 {number} 号发布（{at}，发布人 {by}）：其数据将保持现状"
        "（查询：as_published=true；会议材料默认按发布的数据）",
        "published {quarter} as publication {number} ({at}, by {by}); its figures stay as they "
        "are now (queries: as_published=true; packs show them by default)",
    ),
    "cli.up_to_load": ("截至批次 {load_id}", "up to load {load_id}"),
    "cli.withdrawn_loads": (
        "（不含已撤回的 {count:,} 个批次：{loads}）",
        " (without the {count:,} loads withdrawn: {loads})",
    ),
    "cli.not_published": ("{quarter} 尚未发布", "{quarter} is not published"),
    "cli.no_publications": ("尚无发布记录", "no publications yet"),
    "cli.no_such_file": ("{file}：文件不存在", "{file}: no such file"),
    "cli.path_is_folder": (
        "{file}：这是文件夹，不是文件：请写出其中要上传的文件，如 {files}",
        "{file}: is a folder, not a file: name the files in it to load, such as {files}",
    ),
    "cli.sheet_not_workbook": (
        "{file} 不是 Excel 工作簿，没有工作表，--sheet {sheet} 对它不适用：请去掉 --sheet"
        "（要指定某个工作簿的工作表时，请单独上传该工作簿）",
        "{file} is not an Excel workbook: it has no sheets, so --sheet {sheet} does not apply "
        "to it; drop --sheet (to name a workbook's sheet, load that workbook on its own)",
    ),
    "cli.file_unreadable": ("{file}：无权读取该文件", "{file}: cannot be read (permission denied)"),
    "cli.load_no_store": (
        "在 {store} 处没有 Civbench 存储：请核对 --db（或 ${variable}）；新建存储须先导入单位名录"
        "文件。未做任何更改。",
        "there is no Civbench store at {store}: check --db (or ${variable}); a new store starts "
        "with the unit registry file. Nothing was changed.",
    ),
    # the closing line of a load of several files: only the outcomes that occurred
    "cli.large_file": (
        "{file}（{size} MB）：正在读取和检查，请稍候…",
        "{file} ({size} MB): reading and checking, please wait…",
    ),
    "cli.files_total": ("共 {count} 个文件：{parts}", "{count} files: {parts}"),
    "cli.uploads_total": (
        "共 {count} 份上传（{files} 个文件，工作簿按其工作表计）：{parts}",
        "{count} uploads ({files} files, a workbook counted by its sheets): {parts}",
    ),
    "cli.files_loaded": ("已上传 {count} 个", "{count} loaded"),
    "cli.files_unchanged": ("未变 {count} 个（此前已上传）", "{count} unchanged (already loaded)"),
    "cli.files_checked": ("试运行通过 {count} 个", "{count} checked (dry run)"),
    "cli.files_rejected": ("被拒绝 {count} 个", "{count} rejected"),
    "cli.not_a_day": (
        "“{text}”不是日期：请写文件送达的日期，如 2025-10-08 或 2025年10月8日",
        "'{text}' is not a date: give the day the files arrived, such as 2025-10-08",
    ),
    "cli.quarters_per_file": (
        "--quarter 给了 {given} 次，而文件有 {files} 个：请只给一次（所有文件同一季度），或每个文件"
        "给一次，按文件的顺序（如 a.csv b.csv --quarter 2025Q2 --quarter 2025Q3）；未上传任何文件",
        "--quarter is given {given} times for {files} files: give it once (every file's "
        "quarter) or once per file, in the order of the files (a.csv b.csv --quarter 2025Q2 "
        "--quarter 2025Q3); nothing was loaded",
    ),
    "cli.quarter_unlike_file_names": (
        "--quarter {quarter} 会用于全部文件，但这些文件的文件名写的是另一个季度：{files}；"
        "请按文件的顺序为每个文件各给一个季度（重复 --quarter，如 --quarter 2025Q2 --quarter "
        "2025Q3），或分开上传；未上传任何文件",
        "--quarter {quarter} would be every file's quarter, but these files are named after "
        "another quarter: {files}; give each file its own quarter, repeating --quarter in the "
        "order of the files (--quarter 2025Q2 --quarter 2025Q3), or load them apart; nothing "
        "was loaded",
    ),
    "cli.file_named_quarter": ("{file}（{quarters}）", "{file} ({quarters})"),
    "cli.not_a_quarter": (
        "“{text}”不是季度：请写成 2025Q3 或 2025年第3季度",
        "'{text}' is not a quarter: write it like 2025Q3",
    ),
    "cli.demo_exists": (
        "{target} 已存在；演示数据库只在尚无存储的位置建立。若只要演示的文件作样例，请建在别处，"
        "例如 python -m etl demo --db /tmp/civbench_demo.duckdb --files 文件夹",
        "{target} exists already; the demo is only built where no store is. For the demo's "
        "files alone (models for the bureau's own), build it elsewhere, e.g. python -m etl demo "
        "--db /tmp/civbench_demo.duckdb --files FOLDER",
    ),
    "cli.demo_no_accounts": (
        "尚无登录账号：`python -m etl users demo` 会建立演示用的查看者、分析员和管理员账号并打印"
        "其密码（scripts/start.sh 建立演示时会这样做）",
        "no sign-in accounts yet: `python -m etl users demo` makes the demo's viewer, analyst "
        "and admin and prints their passwords (scripts/start.sh does this for its demo)",
    ),
    # building the demo (etl/demo.py, python -m etl demo)
    "demo.quarter": ("演示数据：{quarter}（{number}/{of}）", "demo: {quarter} ({number}/{of})"),
    "demo.moving": ("演示数据：正在移入 {store}", "demo: moving into {store}"),
    "demo.built": (
        "演示数据库 {store}：{units:,} 个单位，{first}–{last}，{rows:,} 行数据",
        "demo database {store}: {units:,} units, {first}–{last}, {rows:,} fact rows",
    ),
    # moving a store (etl/migrate.py, python -m etl migrate)
    "migrate.no_source": (
        "{store} 处没有可迁移的存储：请核对 --from",
        "there is no store at {store} to migrate: check --from",
    ),
    "migrate.same_store": (
        "源存储与目标存储是同一个：请在 --to 中写一个新的存储",
        "the source and the target are the same store: name a new store with --to",
    ),
    "migrate.source_busy": (
        "源数据库 {store} 正被另一个进程打开（多半是正在运行的看板），DuckDB 文件同一时间只能由一个"
        "进程使用：请先停止看板，再运行本命令；未做任何更改。",
        "The source {store} is open in another process (most likely the running dashboard), "
        "and a DuckDB file can be used by one process at a time: stop the dashboard, then run "
        "this command again; nothing was changed.",
    ),
    "migrate.source_not_a_store": (
        "{store} 不是 Civbench 的存储（DuckDB 数据库文件）：请核对 --from；"
        "CSV 或 Excel 文件请用 python -m etl load 装载",
        "{store} is not a Civbench store (a DuckDB database file): check --from; load a CSV "
        "or Excel file with python -m etl load",
    ),
    "migrate.source_unopenable": (
        "无法打开源存储 {store}（{error}）",
        "the source {store} cannot be opened: {error}",
    ),
    "migrate.no_data": ("{store} 中没有 Civbench 数据", "{store} holds no Civbench data"),
    "migrate.target_not_empty": (
        "目标存储 {store} 中已有数据（表 {table}）：迁移只写入新的空存储。请迁移到新的存储"
        "（PostgreSQL 目录：新建一个数据库，sudo -u postgres createdb --owner 用户 库名，并用一个"
        "专属的数据文件夹），或直接使用已有的这个存储。未做任何更改。",
        "the target {store} holds data already (table {table}): a migration only fills a new, "
        "empty store. Migrate into a new one (for a PostgreSQL catalog a new database, sudo -u "
        "postgres createdb --owner USER NAME, with a data folder of its own), or use the store "
        "that is there as it is. Nothing was changed.",
    ),
    "migrate.rows_lost": (
        "表 {table}：应复制 {expected} 行，只到达 {found} 行；未做任何更改",
        "table {table}: {found} rows arrived of {expected}; nothing was changed",
    ),
    "migrate.table_copied": ("{table}：{rows} 行", "{table}: {rows} rows"),
    # a lake's files are read where its catalog records them, whatever folder the catalog is in
    "migrate.reading_files": (
        "源存储的数据文件从 {folder} 读取（源目录中记录的位置）",
        "the source's data files are read from {folder} (as its catalog records)",
    ),
    "migrate.target_foreign": (
        "{store} 中已有不属于 Civbench 的表（{tables}）：迁移只写入新的空存储，请另选 --to；"
        "未做任何更改。",
        "{store} holds tables that are not Civbench's ({tables}): a migration only fills a new, "
        "empty store; name another with --to. Nothing was changed.",
    ),
    "migrate.publication_copied": (
        "第 {number} 号发布（{quarter}）：其数据状态已复制",
        "publication {number} ({quarter}): its data state copied",
    ),
    "migrate.done": (
        "已复制 {tables} 个表共 {rows} 行，各表行数已核对。使用新存储请设置 CIVBENCH_DB={url}"
        "（或用 --db）；旧存储未改动。",
        "copied {rows} rows in {tables} tables; row counts checked. Use the new store with "
        "CIVBENCH_DB={url} (or --db); the old one is unchanged.",
    ),
    "load.regrouped_everywhere": (
        "注意：{units}{more}的{division}或单位类别有变化，但未填生效季度：变化适用于所有季度，"
        "过去各季度（包括已发布季度的当前数字）的排名和汇总随之改变；如变更自某季度起生效，"
        "请填写生效季度后重新上传",
        "note: {division} or peer group changed in rows without from_quarter: {units}{more}. "
        "Such a change holds for every quarter, so past quarters' rankings and totals change "
        "with it (published quarters' current figures too); if it holds from a quarter on, "
        "give from_quarter (生效季度) and upload again",
    ),
    "load.left_out_of_registry": (
        "注意：本文件列出 {listed:,} 个单位，像是完整的单位名录，但未列出已登记的 {units}{more}："
        "它们仍为在用单位，照常排名，未报数据即列为缺报；如已撤销或并入其他单位，"
        "请为其上传一行状态为“撤销”或“撤并”并填写生效季度的记录",
        "note: this file lists {listed:,} units, as a whole registry does, but not the registered "
        "{units}{more}: they stay open, ranked and listed as not reporting when they send "
        "nothing; if they closed or merged, load a row of each whose status is 撤销 or 撤并, with "
        "its from_quarter",
    ),
    "load.group_target_kept": (
        "注意：{indicator}对“{group}”的目标值 {value}（自 {was} 起）仍然有效，"
        "优先于本文件自 {since} 起的“全部”目标值：单位类别自己的目标值优先；"
        "若应改用新的目标值，请为“{group}”也填写自 {since} 起的一行",
        "note: the target {value} of {indicator} for {group} (from {was}) stays in force over this "
        "file's target for 全部 from {since}: a peer group's own target comes first; if the new "
        "one is meant, give {group} a row from {since} too",
    ),
    "load.change_weight": (
        "{indicator}权重（自 {since} 起）{was} → {now}",
        "weight of {indicator} from {since}: {was} → {now}",
    ),
    "load.change_target": (
        "{indicator}对“{group}”的目标值（自 {since} 起）{was} → {now}",
        "target of {indicator} for {group} from {since}: {was} → {now}",
    ),
    # after a load's summary: the weights and targets it changes, the first CHANGES_LISTED
    "load.system_changes": ("；变更：{changes}", "; changes: {changes}"),
    "load.changes_more": ("等 {count} 处", " and {count} more"),
    "load.targets_dropped": (
        "注意：本文件替换{indicator}自 {since} 起的目标值，但没有列出原有的目标值 {dropped}，"
        "这些目标值将被删除：未列出的单位类别自 {since} 起改用其他仍有效的目标值，没有的则该指标"
        "没有目标值、不计入其文明指数；如只是为某一单位类别增加目标值，请在文件中同时保留原有各行",
        "note: this file replaces the targets of {indicator} from {since} without restating "
        "{dropped}: the load deletes them, and the peer groups not listed fall back to another "
        "target in force, or have none and the indicator leaves their index; to add one "
        "group's target, keep the other rows in the file too",
    ),
    "load.merged_without_successor": (
        "注意：{units}{more}为撤并但未填上级单位编码：此后报来的数据被拒绝时无法指明应报在哪个单位"
        "名下；请在上级单位编码列填写其并入的单位",
        "note: merged (撤并) without the unit it went into: {units}{more}; give that unit's code "
        "as 上级单位编码 (parent_code), so that refusals of their later data point to it",
    ),
    "load.new_undated": (
        "注意：{units}{more}是新登记的单位，但未填生效季度：将视为自始存在，"
        "自 {first} 起的过去各季度（包括已发布季度的当前数字）都会把它列为缺报、无文明指数；"
        "如自某季度起设立，"
        "请填写生效季度后重新上传",
        "note: new to the registry in a row without from_quarter: {units}{more}. Such a unit "
        "holds from the beginning, so every past quarter from {first} (published quarters' "
        "current figures too) lists it as not reporting and without an index; if a unit opened "
        "in a quarter, give from_quarter (生效季度) and upload again",
    ),
    "load.regrouped_unit": ("{unit}（{was} → {now}）", "{unit} ({was} → {now})"),
    "load.regrouped_more": ("等 {count} 个单位", " and {count} more"),
    "load.lookalike_districts": (
        "注意：{divisions}{spellings}只是繁简、全半角、大小写或空格写法不同，"
        "会被当作 {count} 个不同的{divisions}，分别列出和汇总："
        "如是同一{division}，请统一写法后重新上传名录",
        "note: the {divisions} {spellings} differ only in Traditional or Simplified characters, "
        "width, case or spacing, and count as {count} different {divisions}, listed and totalled "
        "apart: if they are one {division}, write it the same way in every row and load the "
        "registry again",
    ),
    "load.lookalike_suffix": (
        "注意：{divisions}{spellings}只差末尾表示区划类别的“区”“县”“市”“镇”“乡”等字"
        "（或繁简、全半角、大小写、空格写法），会被当作 {count} 个不同的{divisions}，"
        "分别列出和汇总：如是同一{division}，请统一写法后重新上传名录",
        "note: the {divisions} {spellings} differ only in a closing character that names the "
        "kind of place (区, 县, 市, 镇, 乡 …) or in Traditional or Simplified characters, width, "
        "case or spacing, and count as {count} different {divisions}, listed and totalled "
        "apart: if they are one {division}, write it the same way in every row and load the "
        "registry again",
    ),
    "load.lookalike_spelling": ("“{district}”（{units}）", "'{district}' ({units})"),
    "load.lookalike_more": ("等 {count} 个单位", " and more, {count} units in all"),
    "load.published": (
        "；注意：{quarters} 已发布，页面和会议材料默认显示发布时的数据，本次数据列为发布后的修订；"
        "如需按更正后的数据重新发布，请再次发布该季度",
        "; note: {quarters} is published: pages and packs show the figures as published by "
        "default, and this load is listed among the revisions since; to issue the corrected "
        "figures, publish {quarters} again",
    ),
    "load.restated": (
        "；注意：{quarters} 已发布，本次数据与所替换的数据完全相同，"
        "已发布的数据不变，不列为发布后的修订",
        "; note: {quarters} is published, and this load's rows are exactly the rows it replaced: "
        "the published figures stand, and it is not listed among the revisions",
    ),
    "load.note": ("；{note}", "; {note}"),
    "db.busy": (
        "数据库 {target} 正被另一个进程使用（多半是正在运行的仪表板），而 DuckDB 文件同一时间只能由"
        "一个进程使用。请先停止仪表板再运行此命令（仪表板运行时，上传文件可改在其“数据上传”页进行）；"
        "要让仪表板与命令行同时工作，请在停止仪表板后迁移到可共享的存储（python -m etl migrate）。"
        "未做任何更改。",
        "The database {target} is open in another process (most likely the running "
        "dashboard), and a DuckDB file can be used by one process at a time. Stop the "
        "dashboard and run this command again (while it runs, files can be loaded on its "
        "Upload page); to have the dashboard and commands work at once, move to the shared "
        "store with the dashboard stopped (python -m etl migrate). Nothing was changed.",
    ),
    "db.busy_for_page": (
        "数据库 {target} 此刻正被另一个程序（如命令行导入）使用：DuckDB 文件同一时间只能由一个"
        "程序打开。本页将在 {seconds} 秒后自动重试。如经常出现，请管理员把数据迁移到可共享的"
        "存储（python -m etl migrate，见 README 的“Storage”一节）。",
        "The database {target} is in use by another program just now (a command-line load, "
        "for instance): a DuckDB file can be opened by one program at a time. This page tries "
        "again in {seconds} seconds. If this happens often, ask the administrator to move the "
        'data to the shared store (python -m etl migrate; README, "Storage").',
    ),
    "db.waiting": (
        "另一项装载或发布正在写入存储 {store}，本次操作排队等候，轮到时自动继续"
        "（最多等候 {seconds} 秒）…",
        "Another load or publication is writing to the store {store}; this one waits its turn "
        "and goes on by itself (for at most {seconds} seconds)…",
    ),
    "db.waiting_to_log_rejection": (
        "文件未通过检查（问题见下），未装载任何数据；另一项装载或发布正在写入存储 {store}，"
        "拒收记录排队等候写入上传日志，轮到时自动继续（最多等候 {seconds} 秒）…",
        "The file is refused (its problems follow) and nothing of it is loaded; another load "
        "or publication is writing to the store {store}, and the refusal waits its turn to be "
        "recorded in the upload log (for at most {seconds} seconds)…",
    ),
    "db.kept_busy": (
        "其他写入操作使存储 {store} 持续繁忙了 {seconds} 秒；未做任何更改。请稍后重试。",
        "Other writers kept the store {store} busy for {seconds} seconds; nothing was changed. "
        "Try again in a moment.",
    ),
    "db.no_store": (
        "{store} 处没有 Civbench 存储：请核对 --db（或 ${variable}）。已有的存储用 "
        "python -m etl migrate --from 已有存储 --to '{store}' 迁入；新的存储通过上传单位名录"
        "（python -m etl load units.csv）或运行 python -m etl demo 建立",
        "there is no Civbench store at {store}: check --db (or ${variable}). A store the bureau "
        "has is moved there with python -m etl migrate --from THAT_STORE --to '{store}'; a new "
        "store is made by loading the unit registry (python -m etl load units.csv) or by "
        "python -m etl demo",
    ),
    "db.unknown_store": (
        "Civbench 不认识存储 {store}。请写 DuckDB 文件路径、ducklake:sqlite:路径 或 "
        "ducklake:postgres:dbname=… host=… user=…",
        "The store {store} is not one Civbench knows. Use a DuckDB file path, "
        "ducklake:sqlite:PATH or ducklake:postgres:dbname=… host=… user=…",
    ),
    "db.lake_not_first": (
        "存储 {store} 要用 DuckLake，却不以 ducklake: 开头（环境变量文件保留了引号？）：请去掉引号"
        "或前面多出的字符，写作 ducklake:postgres:dbname=… host=… user=… 或 ducklake:sqlite:路径；"
        "未做任何更改。",
        "The store {store} names a DuckLake store but does not begin with ducklake: (quotes an "
        "environment file kept?): write it without the quotes or whatever comes before, as "
        "ducklake:postgres:dbname=… host=… user=… or ducklake:sqlite:PATH; nothing was changed.",
    ),
    "db.password_in_url": (
        "存储的连接字符串中含有密码，凡显示存储名称之处都会露出密码。请删去密码并设置 PGPASSWORD，"
        "或将其写入 .streamlit/secrets.toml 的 [postgres] password。",
        "The store's connection string holds a password, which would show wherever the store is "
        "named. Remove it and set PGPASSWORD, or put it in .streamlit/secrets.toml under "
        "[postgres] password.",
    ),
    "db.no_data_path": (
        "PostgreSQL 目录需要一个共享文件夹存放数据文件：请将 {variable} 设为每台机器上路径相同的"
        "文件夹。",
        "A PostgreSQL catalog needs a shared folder for its data files: set {variable} to a "
        "folder every machine sees at the same path.",
    ),
    "db.file_unopenable": (
        "无法打开数据库 {target}（{error}）：请核对路径（--db 或 {variable}）；未做任何更改。",
        "The database {target} cannot be opened: {error}. Check the path (--db or {variable}); "
        "nothing was changed.",
    ),
    "db.cause_permission": (
        "本用户无权创建或打开该文件：文件或其所在文件夹的权限不允许",
        "this user may not create or open the file: the file's or its folder's permissions "
        "do not let it",
    ),
    "db.cause_not_duckdb": (
        "该文件不是 DuckDB 数据库文件：可能是别的文件（如工作簿），或已损坏",
        "the file is not a DuckDB database: another kind of file (a workbook, say), or a "
        "damaged one",
    ),
    "db.cause_folder": (
        "这是一个文件夹，不是数据库文件",
        "it is a folder, not a database file",
    ),
    "db.catalog_as_file": (
        "{target} 是共享存储（DuckLake）的 SQLite 目录文件，不是 DuckDB 数据库文件："
        "请写成 {url}（--db 或 {variable}）；未做任何更改。",
        "{target} is a shared store's (DuckLake) SQLite catalog, not a DuckDB database file: "
        "write it as {url} (--db or {variable}); nothing was changed.",
    ),
    "db.store_uncreatable": (
        "无法建立存储 {store}（{error}）：请指定一个可写的目录（--db 或 {variable}）；"
        "未做任何更改。",
        "The store {store} cannot be made ({error}): choose a folder that can be written "
        "(--db or {variable}); nothing was changed.",
    ),
    "db.data_folder_missing": (
        "存储 {store} 的数据文件夹 {folder} 不存在（共享文件夹未挂载，或已被移走？）：请挂载或"
        "移回该文件夹；从备份恢复到了别处的，请把 {folder} 建为指向恢复后文件夹的链接（ln -s），"
        "再用 python -m etl migrate 迁到新位置（见 README“Storage”）。未做任何更改。",
        "The store {store} has no data folder at {folder} (a share not mounted, or a folder "
        "moved?): mount it or move it back; a backup restored elsewhere: make {folder} a link "
        "to the restored folder (ln -s), then move the store with python -m etl migrate "
        "(README, Storage). Nothing was changed.",
    ),
    "db.data_folder_unreadable": (
        "本进程的用户 {user} 无权进入读取存储 {store} 的数据文件夹 {folder}（该文件夹或其上级文件夹"
        "的权限所限，或共享文件夹挂载给了另一用户）：请让运行看板和命令的用户可读该文件夹（导入"
        "还须可写），核对其属主、组和权限，或共享文件夹的挂载选项 uid、gid，然后重试；未做任何"
        "更改。",
        "The data folder {folder} of the store {store} cannot be read by this process's user "
        "{user} (the permissions of that folder or of one above it, or a share mounted for "
        "another user): let the users who run the dashboard and the commands read it (and "
        "write it, to load) by checking its owner, group and mode, or the share's uid and gid "
        "mount options, then try again; nothing was changed.",
    ),
    "db.data_path_differs": (
        "存储 {store} 的目录记录其数据文件在 {recorded}（每台机器都须在这一路径挂载共享文件夹），"
        "而 {variable} 写的是 {given}：请将共享文件夹挂载到 {recorded}，并把 {variable} 设为该"
        "路径；未做任何更改。",
        "The store {store} keeps its data files at {recorded}, as its catalog records (the "
        "shared folder must be mounted at that path on every machine), but {variable} names "
        "{given}: mount the shared folder at {recorded} and set {variable} to it; nothing was "
        "changed.",
    ),
    "db.data_path_not_beside": (
        "存储 {store} 的目录记录其数据文件在 {recorded}，而不在目录旁的 {given}（建立时设置了 "
        "{variable}，或存储后来被移动过）：若数据文件就在 {recorded}，请把 {variable} 设为该路径"
        "后再试；若存储被移动过，请移回原处；未做任何更改。",
        "The store {store} keeps its data files at {recorded}, as its catalog records, not "
        "beside the catalog at {given} ({variable} was set when it was made, or the store was "
        "moved since): if the files are at {recorded}, set {variable} to that folder and try "
        "again; if the store was moved, move it back; nothing was changed.",
    ),
    "db.data_folder_taken": (
        "无法建立存储 {store}：数据文件夹 {folder} 中已有 Parquet 文件（属于另一个存储，或某个"
        "存储删除后留下的）。两个存储共用一个文件夹，无法分清各自的文件，清理任一方的遗留文件时"
        "会删除对方的文件：请用 CIVBENCH_DATA_PATH 为新存储指定一个空文件夹（或先移走这些旧文件）；"
        "未做任何更改。",
        "The store {store} cannot be made: its data folder {folder} already holds Parquet files "
        "(another store's, or left by one deleted). Two stores in one folder cannot tell their "
        "files apart, and clearing either one's leftovers deletes the other's files: give the new "
        "store an empty folder with CIVBENCH_DATA_PATH (or move the old files away); nothing was "
        "changed.",
    ),
    "db.data_folder_inside": (
        "无法建立存储 {store}：数据文件夹 {folder} 位于另一个存储的数据文件夹 {outer} 之内，"
        "那个存储清理不属于自己的文件时会删除这里的文件：请用 CIVBENCH_DATA_PATH 为新存储指定"
        "一个不在其中的文件夹；未做任何更改。",
        "The store {store} cannot be made: its data folder {folder} lies inside another store's "
        "data folder, {outer}, which deletes files of its own folder that it does not know when "
        "it clears leftovers: give the new store a folder outside it with CIVBENCH_DATA_PATH; "
        "nothing was changed.",
    ),
    "db.catalog_folder_read_only": (
        "无法读取存储 {store}：其所在目录 {folder} 为只读。共享存储的目录必须可写（SQLite "
        "在目录旁记录日志，读取时也需要）：请以可写方式挂载该目录，或将存储复制到可写的目录后"
        "用 --db 指向它；未做任何更改。",
        "The store {store} cannot be read: its folder {folder} is read-only. A shared store's "
        "folder must be writable, even to read (SQLite keeps its journal beside the catalog): "
        "mount the folder writable, or copy the store to a writable folder and point --db at "
        "it; nothing was changed.",
    ),
    "db.password_refused": (
        "存储 {store} 的目录数据库拒绝了登录：密码不对或没有给出。请在环境变量 PGPASSWORD 或 "
        ".streamlit/secrets.toml 的 [postgres] password 中写入该用户的密码；未做任何更改。",
        "The catalog database of the store {store} refused the sign-in: the password is wrong "
        "or none was given. Set the user's password in PGPASSWORD or in .streamlit/secrets.toml "
        "under [postgres] password; nothing was changed.",
    ),
    "db.secrets_unreadable": (
        "无法读取 {file}（{error}），其中 [postgres] password 的密码未能取得：请按 TOML 格式改正"
        '该文件（密码加引号：password = "…"），或改用环境变量 PGPASSWORD；未做任何更改。',
        "{file} cannot be read ({error}), so the password under [postgres] password was not "
        'taken: correct the file as TOML (the password in quotes: password = "…"), or set '
        "PGPASSWORD instead; nothing was changed.",
    ),
    # a SQLite catalog that cannot be opened: no catalog server to check, unlike PostgreSQL's
    "db.catalog_unopenable": (
        "无法打开存储 {store}（{error}）：请核对存储（{variable} 或 --db）；未做任何更改。",
        "The store {store} cannot be opened: {error}. Check the store ({variable} or --db); "
        "nothing was changed.",
    ),
    "db.cause_not_sqlite": (
        "{target} 不是 SQLite 数据库文件（共享存储的目录）：可能是别的文件（如 DuckDB 数据库或"
        "工作簿），或已损坏",
        "{target} is not a SQLite database (a shared store's catalog): another kind of file (a "
        "DuckDB database or a workbook, say), or a damaged one",
    ),
    "db.lake_unopenable": (
        "无法打开存储 {store}（{error}）：请核对存储（{variable} 或 --db），并确认其目录服务器"
        "正在运行；未做任何更改。",
        "The store {store} cannot be opened: {error}. Check the store ({variable} or --db) and "
        "that its catalog server is running; nothing was changed.",
    ),
    "db.move_notice": (
        "注意：正在使用 DuckDB 文件 {legacy}，它同一时间只能由一个进程打开。若要让看板、导入和"
        "导出材料同时运行，请将其一次性迁移到共享存储：python -m etl migrate --from {legacy} "
        "--to {store}",
        "note: using the DuckDB file {legacy}, which one process at a time can open. To let the "
        "dashboard, loads and packs run together, move it to the shared store once: "
        "python -m etl migrate --from {legacy} --to {store}",
    ),
    # every command's: a load's write rolled back, a pack's files being written removed (a
    # pack writes nothing to the store: "the write" alone read as a change of it)
    "cli.interrupted": (
        "已中断：正在进行的操作已整体撤销（写入存储的已回滚，未写完的文件已删除），此前已完成的"
        "不受影响。",
        "interrupted: what was under way was undone as a whole (a write to the store rolled "
        "back, a file being written removed); what finished before it stays.",
    ),
    "cli.interrupted_after_load": (
        "已中断：上面这个文件已装载完毕（批次 {load_id}），中断时正在记录；"
        "本命令其后的文件未装载。",
        "interrupted: the file above was loaded (load {load_id}) and was being recorded; the "
        "command's later files were not loaded.",
    ),
    "db.no_room": (
        "存储的数据文件夹没有空间写入（{error}）：写入已整体撤销，写了一半的文件已删除，未做任何"
        "更改。请腾出磁盘空间（或请管理员放宽配额）后重试。",
        "The store's data folder has no room for the write ({error}): it was undone as a whole "
        "and its half-written files deleted, so nothing changed. Free some disk space (or have "
        "the quota raised), then try again.",
    ),
    "db.data_folder_read_only": (
        "存储的数据文件夹拒绝了文件读写（{error}）：写入已整体撤销，未做任何更改。请以可写方式"
        "挂载共享数据文件夹（只读挂载无法上传），并让运行本命令的用户可在其中读写，然后重试。",
        "The store's data folder refused a file ({error}): a write was undone as a whole, so "
        "nothing changed. Mount the shared data folder writable (a read-only mount takes no "
        "loads) and let the user running this command read and write there, then try again.",
    ),
    "db.data_file_unreadable": (
        "无法读取存储（{error}）：请让运行看板和命令的每个用户都可读数据文件夹及其中的文件（核对其"
        "属主、组和权限、导入时的 umask，或共享文件夹的挂载选项 uid、gid、file_mode），然后重试；"
        "写入操作已整体撤销，未做任何更改。",
        "The store cannot be read: {error}. Let every user who runs the dashboard or a command "
        "read the data folder and the files in it (their owner, group and mode, the umask loads "
        "run with, or the share's uid, gid and file_mode mount options), then try again; a "
        "write is undone as a whole, so nothing was changed.",
    ),
    "db.lost": (
        "存储在执行中途停止响应（{error}）：请检查共享数据文件夹是否挂载、文件是否齐全、目录服务器"
        "是否运行，然后重试；写入操作已整体撤销，未做任何更改。",
        "The store stopped answering part way ({error}): check that the shared data folder is "
        "mounted and whole and that the catalog server runs, then try again; a write is undone "
        "as a whole, so nothing was changed.",
    ),
    "db.not_answering": (
        "暂时无法读取存储 {store}（{error}）：页面每 {seconds} 秒自动重试；若一直如此，"
        "请联系管理员检查存储的目录服务器和共享数据文件夹，必要时重启看板。",
        "The store {store} cannot be read just now ({error}): the page tries again every "
        "{seconds} s; if this lasts, ask the administrator to check the store's catalog server "
        "and shared data folder, and to restart the dashboard if need be.",
    ),
    "db.cause_bad_option": (
        "其连接串中有 PostgreSQL 不认识的项“{option}”（可用的有 dbname、host、port、user 等，"
        "均为小写）",
        "its connection string has an option PostgreSQL does not know, '{option}' (dbname, "
        "host, port, user and the others are written in lower case)",
    ),
    "db.cause_no_catalog_database": (
        "其目录服务器上没有数据库“{name}”（dbname 是否写错？目录数据库须先建好，见 README“存储”）",
        "its catalog server has no database '{name}' (is dbname mistyped? the catalog database "
        'is made first: README, "Storage")',
    ),
    "db.cause_catalog_down": (
        "其目录服务器没有应答",
        "its catalog server does not answer",
    ),
    "db.cause_file_missing": (
        "数据文件 {file} 不在（共享数据文件夹可能未挂载）",
        "the data file {file} is not there (the shared data folder may not be mounted)",
    ),
    "db.cause_file_unreadable": (
        "用户 {user} 无权读取数据文件 {file}",
        "the user {user} may not read the data file {file}",
    ),
    "db.cause_invalidated": (
        "目录服务器在查询中途断开，本进程与存储的连接已失效，需重启本进程（看板）才能恢复",
        "the catalog server went away during a query and broke this process's connection to "
        "the store: only restarting this process (the dashboard) recovers it",
    ),
    "db.unreachable": (
        "无法连接存储 {store}（{error}）；未做任何更改。",
        "The store {store} cannot be reached: {error}. Nothing was changed.",
    ),
    "db.extension_missing": (
        "共享存储需要 Python 包 duckdb-extension-{package}=={version}，但它尚未安装：请运行 "
        ".venv/bin/pip install duckdb-extension-{package}=={version}（或 bash scripts/setup.sh）。",
        "The shared store needs the Python package duckdb-extension-{package}=={version}, which "
        "is not installed: run .venv/bin/pip install duckdb-extension-{package}=={version} "
        "(or bash scripts/setup.sh).",
    ),
    "db.unknown_state": (
        "记录的数据状态 {state} 不是 Civbench 生成的",
        "the recorded data state {state} is not one Civbench made",
    ),
    "load.weight_until": (
        "指标 {indicator} 自 {since} 起的权重 {value} 只施行到 {until} 之前："
        "已有自 {until} 起的一行（权重 {later}，批次 {load_id}）；如需此后也按新权重，"
        "请同时修改该行",
        "the weight {value} of indicator {indicator} from {since} holds only until {until}: a "
        "row from {until} on (weight {later}, load {load_id}) follows it; to keep the new weight "
        "after, change that row too",
    ),
    "load.weight_total": (
        "自 {since} 起计入文明指数的各指标权重合计为 {total}，不是 1（100%）：文明指数为加权平均，"
        "各指标在指数中所占比重为其权重 ÷ {total}（{indicator} 占 {share}）；"
        "如有权重写错（如 15% 写成了 15），请改正（测评体系文件或“测评体系”页面）",
        "the weights counted in the index from {since} add up to {total}, not 1 (100%): the "
        "civility index is a weighted mean, so each indicator counts for its weight ÷ {total} "
        "({indicator}: {share}); if a weight is written wrong (15 for 15%), correct it (in the "
        "system's file or on the Indicator system page)",
    ),
    "load.weight_total_from_start": (
        "自始计入文明指数的各指标权重合计为 {total}，不是 1（100%）：文明指数为加权平均，"
        "各指标在指数中所占比重为其权重 ÷ {total}（{indicator} 占 {share}）；"
        "如有权重写错（如 15% 写成了 15），请改正（测评体系文件或“测评体系”页面）",
        "the weights counted in the index from the beginning add up to {total}, not 1 (100%): "
        "the civility index is a weighted mean, so each indicator counts for its weight ÷ {total} "
        "({indicator}: {share}); if a weight is written wrong (15 for 15%), correct it (in the "
        "system's file or on the Indicator system page)",
    ),
    "load.target_until": (
        "指标 {indicator} 自 {since} 起对“{group}”的目标值 {value} 只施行到 {until} 之前："
        "已有自 {until} 起的一行（目标值 {later}，批次 {load_id}）；如需此后也按新目标值，"
        "请同时修改该行",
        "the target {value} of indicator {indicator} for {group} from {since} holds only until "
        "{until}: a row from {until} on (target {later}, load {load_id}) follows it; to keep the "
        "new target after, change that row too",
    ),
    "load.closed_with_data": (
        "单位 {unit} 自 {closed} 起撤销，但已有其此后季度的 {rows} 行数据，"
        "这些数据不再计入任何统计；若撤销季度有误，请改正后重新上传名录",
        "unit {unit} is closed from {closed} on but has {rows:,} rows of data of those "
        "quarters, counted nowhere now; if the quarter of closing is wrong, correct it and load "
        "the registry again",
    ),
    "load.closed_open_findings": (
        "单位 {unit} 自 {closed} 起撤销，此前检查发现的 {findings} 个问题尚未记录整改完成："
        "自 {closed} 起它们不再列入整改台账（此前各季度的台账不变）",
        "unit {unit} is closed from {closed} on, so from then on the rectification ledger "
        "leaves out {findings:,} findings of its earlier inspections with no rectification "
        "recorded (the ledgers of the quarters before stay as they were)",
    ),
    "load.merged_open_findings": (
        "单位 {unit} 自 {closed} 起撤并（并入其他单位），此前检查发现的 {findings} 个问题尚未记录"
        "整改完成：自 {closed} 起它们不再列入整改台账（此前各季度的台账不变）",
        "unit {unit} is merged into another unit from {closed} on, so from then on the "
        "rectification ledger leaves out {findings:,} findings of its earlier inspections with "
        "no rectification recorded (the ledgers of the quarters before stay as they were)",
    ),
    "load.merged_with_data": (
        "单位 {unit} 自 {closed} 起撤并（并入其他单位），但已有其此后季度的 {rows} 行数据，"
        "这些数据不再计入任何统计；若撤并季度有误，请改正后重新上传名录",
        "unit {unit} is merged into another unit from {closed} on but has {rows:,} rows of data "
        "of those quarters, counted nowhere now; if the quarter of the merger is wrong, correct "
        "it and load the registry again",
    ),
    # as docs/METHOD.md §1 has it: an indicator without a definition is left out of the index
    "load.indicator_code_like": (
        "指标编码 {code} 与已有指标 {known} 只差一两个字母，是否写错了？{code} 没有计算方法，"
        "将作为一个新指标载入（不计入文明指数），{known} 的权重和目标值不会因此改变；"
        "如是笔误，请改为 {known} 后重新上传",
        "indicator code {code} differs from the indicator {known} by a letter or two: is it a "
        "typing error? {code} has no definition and loads as a new indicator (left out of the "
        "index), and {known}'s weight and targets stay as they were; if it is a typo, write "
        "{known} and load the file again",
    ),
    "load.undefined_indicators": (
        "指标 {codes} 尚无计算方法（需由开发人员在 queries/indicators/ 下补写以其编码命名的 .sql "
        "文件）："
        "在此之前它不计入文明指数，其权重也不计入总权重，“指标”列表中标为“无定义”；"
        "补写后各单位的指数将计入它并重新计算",
        "these indicators have no definition yet: {codes} — a developer adds for each a .sql "
        "file named by its code in queries/indicators/; until then they are left out of the "
        "index, their weight counts nowhere, and the indicator list marks them 'no definition'; "
        "once defined, every unit's index includes them and is computed again",
    ),
    "read.unheaded_column": (
        "第 {letter} 列没有列名，但有内容（如“{value}”）：该列未导入；如需导入，请为其填写列名",
        "column {letter} has no header but holds values (such as '{value}'): it was not "
        "loaded; to load it, give it a header",
    ),
    "read.hidden_columns": (
        "工作表隐藏了以下列：{columns}，这些列的数据也已载入：请取消隐藏、核对其内容，如有误请"
        "更正后重新上传",
        "the cells of the sheet's hidden columns were loaded too ({columns}): unhide and check "
        "them; if they are wrong, correct them and upload again",
    ),
    "read.hidden_rows": (
        "工作表中有 {count:,} 行数据被隐藏或被筛选掉（第 {rows} 行），已与其他行一并载入；"
        "如不应载入，请删除这些行后重新上传",
        "the sheet hides or filters out {count:,} data rows (numbered {rows} in it), loaded "
        "with the others; delete any that should not be and upload again",
    ),
    "read.hidden_sheets_passed": (
        "隐藏的工作表“{sheets}”也有数据表，未载入；如需载入，请指定该工作表"
        "（命令行 --sheet 工作表名，或上传页面的“工作表”选项）",
        "hidden sheets also hold a table, not loaded: {sheets}; to load one, name its sheet "
        "(--sheet NAME on the command line, or the sheet box on the Upload page)",
    ),
    "read.sheet_by_sheet": (
        "{file}：工作簿中有 {count} 个工作表含数据表（{sheets}），逐个作为单独的上传："
        "每个工作表各自检查，各自上传或被拒绝",
        "{file}: {count} sheets of the workbook hold tables ({sheets}), each loaded as an "
        "upload of its own: each sheet is checked, and loaded or rejected, on its own",
    ),
    "read.hidden_sheet_read": (
        "载入的工作表“{sheet}”在 Excel 中是隐藏的",
        "the sheet loaded, {sheet}, is hidden in Excel",
    ),
    "load.ignored": ("；未使用的列：{columns}", "; ignored columns: {columns}"),
    "load.more": ("… 另有 {count:,} 个问题", "… and {count:,} more"),
    "withdraw.no_load": (
        "没有批次 {load_id}；`python -m etl history` 可列出所有批次",
        "there is no load {load_id}; `python -m etl history` lists them",
    ),
    "withdraw.not_loaded": (
        "批次 {load_id} 的状态为“{outcome}”，没有可撤回的数据",
        "load {load_id} is {outcome}, so there is nothing to withdraw",
    ),
    "received.not_loaded": (
        "批次 {load_id} 的状态为“{outcome}”，不能为其登记收到日期",
        "load {load_id} is {outcome}, so it takes no day received",
    ),
    "received.after_load": (
        "收到日期 {day} 晚于该文件的上传日期 {loaded}：文件应在上传之前收到，请核对日期",
        "the day received, {day}, lies after the day the file was loaded, {loaded}: a file is "
        "received before it is loaded; check the day",
    ),
    "received.published": (
        "；注意：{quarters} 已发布，已发布的材料仍按发布时的收到日期判断是否迟报，当前数据按新的"
        "日期判断；如需按新的日期重新发布，请再次发布该季度",
        "; note: {quarters} is published: the publication keeps lateness as it was published, "
        "the current figures judge it by the new day; to issue them, publish {quarters} again",
    ),
    # --as-user of load, withdraw and received: an account that may change the data
    "cli.not_a_loader": (
        "“{name}”不是可以上传、撤回或登记收到日期的账号（须为分析员或管理员）："
        "请用 python -m etl users list 核对账号名",
        "'{name}' is not an account that may load, withdraw or record a day received (an "
        "analyst or admin): check the name with python -m etl users list",
    ),
    # an account that exists but whose role may not (a viewer): its name is right
    "cli.role_may_not_load": (
        "“{name}”是{role}账号，不能上传、撤回或登记收到日期（须为分析员或管理员）："
        "请用分析员或管理员的账号，或请管理员用 python -m etl users set-role 更改其角色",
        "'{name}' is a {role} account and may not load, withdraw or record a day received (an "
        "analyst or admin may): use an analyst's or admin's account, or have an admin change "
        "its role with python -m etl users set-role",
    ),
    "cli.received_set": (
        "已登记批次 {load_id}（{file}）的收到日期：{on}",
        "recorded {on} as the day load {load_id} ({file}) was received",
    ),
    "withdraw.system_editor_only": (
        "批次 {load_id} 是测评体系，只有管理员可以撤回",
        "load {load_id} is the indicator system: only an admin may withdraw it",
    ),
    "withdraw.superseded": (
        "批次 {load_id} 的数据此后已被批次 {later} 替换；请先撤回这些批次",
        "rows of load {load_id} were since replaced; withdraw first the load or loads that "
        "replaced them: {later}",
    ),
    # withdraw.superseded with how many loads replaced the rows (withdraw.superseded, as said
    # before, stays for the audit entries written with it)
    "withdraw.superseded_counted": (
        "批次 {load_id} 的数据此后已被批次 {later} 替换（共 {count} 个批次）；请先撤回这些批次",
        "rows of load {load_id} were since replaced by {count} loads ({later}), to be "
        "withdrawn first",
    ),
    "withdraw.orphans": (
        "撤回批次 {load_id} 会使 {count:,} 行数据失去所属单位；请先撤回这些数据所在的批次",
        "withdrawing load {load_id} would leave {count:,} fact rows without their unit; "
        "withdraw the loads of those facts first",
    ),
    # withdraw.orphans naming the units and the loads to withdraw first (withdraw.orphans, as
    # said before, stays for the audit entries written with it)
    "withdraw.orphans_named": (
        "撤回批次 {load_id} 会使单位 {units} 的 {count:,} 行数据失去所属单位：这些数据来自批次 "
        "{loads}，请先撤回这些批次",
        "withdrawing load {load_id} would leave {count:,} fact rows of {units} without their "
        "unit; withdraw first the load or loads they came with: {loads}",
    ),
    # withdraw.orphans_named with how many loads brought those rows (withdraw.orphans_named, as
    # said before, stays for the audit entries written with it)
    "withdraw.orphans_counted": (
        "撤回批次 {load_id} 会使单位 {units} 的 {count:,} 行数据失去所属单位：这些数据来自 "
        "{load_count} 个批次（{loads}），请先撤回这些批次",
        "withdrawing load {load_id} would leave {count:,} fact rows of {units} with no unit in "
        "the registry, brought by {load_count} loads ({loads}), to be withdrawn first",
    ),
    "withdraw.orphans_more": ("等共 {count} 个", " and more, {count} in all"),
    # a problem's place, as the CLI prints it (etl/problems.py)
    "where.sheet": ("，工作表“{sheet}”", ", sheet {sheet}"),
    "where.row": ("，第 {row} 行", ", row {row}"),
    "where.column": ("，列 {column}", ", column {column}"),
    "where.value": ("：“{value}”", ": '{value}'"),
    # the kind of a file refused before its kind could be told (history, the Upload page)
    "kind.unknown": ("未能识别", "unknown"),
    # the outcome of an upload (the upload log's outcome column)
    "outcome.loaded": ("已上传", "loaded"),
    "outcome.rejected": ("已拒绝", "rejected"),
    "outcome.withdrawn": ("已撤回", "withdrawn"),
    "outcome.unchanged": ("未改变", "unchanged"),
    "outcome.checked": ("已检查", "checked"),
    # what the upload and audit logs say (kept as key and values, read in the reader's language)
    "load.open_findings_not_in_file": (
        "其中 {findings} 行是尚未记录整改完成的检查发现问题：被取代后它们不再列入整改台账；"
        "如非有意，请在文件中保留这些行",
        "{findings} of the replaced rows not in this file are open findings (inspection "
        "findings with no rectification recorded): once replaced they leave the rectification "
        "ledger; if that is not meant, keep those rows in the file",
    ),
    # load.open_findings_not_in_file naming the first of the findings (the former, as said
    # before, stays for the audit entries written with it)
    "load.open_findings_named": (
        "其中 {findings} 行是尚未记录整改完成的检查发现问题：{units}{more}；"
        "被取代后它们不再列入整改台账；如非有意，请在文件中保留这些行",
        "{findings:,} open findings (with no rectification recorded) among the replaced rows "
        "not in this file: {units}{more}; once replaced they leave the rectification ledger; "
        "if that is not meant, keep those rows in the file",
    ),
    # an open finding as load.open_findings_named names it: its unit, inspection date and item
    "load.open_finding": ("{unit} {date} {item}", "{unit} {date} {item}"),
    "load.open_findings_more": ("，另有 {count} 个", " and {count} more"),
    "log.rejected": ("{problems}", "{problems}"),
    "log.ignored_columns": ("未使用的列：{columns}", "ignored columns: {columns}"),
    "log.not_in_file": (
        "取代的数据中有 {count:,} 行不在本文件中",
        "{count:,} replaced rows not in this file",
    ),
    # log.not_in_file when open findings were among the rows: how many, the first named
    "log.not_in_file_open": (
        "取代的数据中有 {count:,} 行不在本文件中，其中 {findings:,} 行是尚未记录整改完成的"
        "检查发现问题，已随之移出整改台账：{units}{more}",
        "{count:,} replaced rows not in this file, {findings:,} open findings (with no "
        "rectification recorded) among them, which left the rectification ledger: {units}{more}",
    ),
    "log.quarter_stated": ("季度为上传时指定：{quarter}", "quarter stated when loading: {quarter}"),
    "log.withdraw_refused": ("批次 {load_id}：{reason}", "load {load_id}: {reason}"),
    "log.received": (
        "批次 {load_id}：收到日期登记为 {on}",
        "load {load_id}: day received recorded as {on}",
    ),
    "log.received_refused": (
        "批次 {load_id}：未登记收到日期，{reason}",
        "load {load_id}: day received not recorded: {reason}",
    ),
    # as entries written before withdrawals counted the rows they restored read
    "log.withdrawn": (
        "批次 {load_id}：已撤回，删除 {rows:,} 行数据",
        "load {load_id}: {rows:,} rows removed",
    ),
    "log.withdrawn_restored": (
        "批次 {load_id}：已撤回，删除 {rows:,} 行数据，恢复被替换的 {restored:,} 行",
        "load {load_id}: {rows:,} rows removed, {restored:,} replaced rows restored",
    ),
    "upload.col.message": ("说明", "Message"),
    "problem.described": ("{where}：{expected}", "{where}: {expected}"),
    # pieces that messages are built of: words the same in both languages, a pair of words
    # given in both (names from the contracts), a concatenation, list separators
    "text.same": ("{text}", "{text}"),
    "text.pair": ("{zh}", "{en}"),
    "text.command_line": ("命令行", "the command line"),
    "text.concat": ("{parts}", "{parts}"),
    "text.list_sep": ("、", ", "),
    "text.or_sep": ("或", " or "),
    "text.and_sep": ("与", " and "),
    "text.plus_sep": ("＋", " + "),
    "text.semicolon_sep": ("；", "; "),
    "text.comma_sep": ("，", ", "),
    "text.new_line": ("\n{text}", "\n{text}"),
}
