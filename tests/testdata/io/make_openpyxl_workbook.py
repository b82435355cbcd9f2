# Writes an XLSX the way another program (openpyxl) does, for xlsx_reader_test.cc.
# Usage: /usr/bin/python3 make_openpyxl_workbook.py OUT.xlsx [iso]
# With "iso", dates are written as ISO 8601 cells (t="d") instead of serial numbers.
import datetime
import sys

import openpyxl

wb = openpyxl.Workbook()
wb.iso_dates = len(sys.argv) > 2 and sys.argv[2] == "iso"
ws = wb.active
ws.title = "Peserta"
ws.append(["Nama", "NIK", "Tanggal Lahir", "Aktif", "Catatan", "Kosong", "Desa"])
# Row 2: a NIK typed as a number, a date, a boolean, an empty cell gap (E and F), then G.
ws["A2"] = "Siti Aminah"
ws["B2"] = 3271010101900001
ws["C2"] = datetime.date(1990, 1, 1)
ws["D2"] = True
ws["G2"] = "Cibogor"
# Row 3: padded text, a NIK that Excel rounded to 3.27101E+15, a date typed as text, FALSE,
# the same string as A2 (one shared string), a custom date format and a plain decimal.
ws["A3"] = "  Budi Santoso  "
ws["B3"] = 3.27101e15
ws["C3"] = "1990-02-03"
ws["D3"] = False
ws["E3"] = "Siti Aminah"
ws["F3"] = 45336
ws["F3"].number_format = "dd/mm/yyyy"
ws["G3"] = 0.1 + 0.2
# Row 4 is left empty; row 5 has a number with a non-date format and a negative decimal.
ws["A5"] = 2.5
ws["A5"].number_format = "0.00"
ws["B5"] = -1234.5
other = wb.create_sheet("Lain")
other["A1"] = "must not be read"
wb.save(sys.argv[1])
