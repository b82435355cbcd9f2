# Prints what another program (openpyxl) sees in an XLSX file, one "key=value" a line, for
# sheet_writer_test.cc. Usage: /usr/bin/python3 inspect_xlsx.py FILE.xlsx
import sys

import openpyxl

wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.worksheets[0]
print("sheets=" + "|".join(wb.sheetnames))
print("freeze=" + str(ws.freeze_panes))
print("max_row=" + str(ws.max_row))
for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, 3)):
    for cell in row:
        if cell.value is None:
            continue
        print(f"bold_{cell.coordinate}={cell.font.b}")
        print(f"type_{cell.coordinate}={cell.data_type}")
        print(f"value_{cell.coordinate}={cell.value!r}")
for letter, dim in sorted(ws.column_dimensions.items()):
    if dim.width:
        print(f"width_{letter}={dim.width:g}")
