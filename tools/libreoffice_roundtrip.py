# The client's edits, made in LibreOffice Calc through UNO: sort Registre by name,
# copy-paste a row and rename it, add a line to a recipients cell, edit a Conservation
# duration, save as xlsx and as ods. A manual check (README, "Round trip"):
#   soffice --headless --accept="socket,host=localhost,port=2002;urp;" &
#   SOURCE_DATE_EPOCH=1 ropa ingest fixtures -o out
#   /usr/bin/python3 tools/libreoffice_roundtrip.py out/register.xlsx edited/
#   ropa ingest edited/register.xlsx -o back-xlsx; ropa ingest edited/register.ods -o back-ods
import os, sys
import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.table import CellRangeAddress, CellAddress

def prop(n, v):
    p = PropertyValue(); p.Name = n; p.Value = v; return p

local = uno.getComponentContext()
resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
ctx = resolver.resolve("uno:socket,host=localhost,port=2002;urp;StarOffice.ComponentContext")
desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
doc = desktop.loadComponentFromURL("file://" + os.path.abspath(sys.argv[1]), "_blank", 0, (prop("Hidden", True),))
sheets = doc.Sheets
reg = sheets.getByName("Registre")

def used(sh):
    cur = sh.createCursor(); cur.gotoEndOfUsedArea(False)
    return cur.RangeAddress.EndRow, cur.RangeAddress.EndColumn

last_row, last_col = used(reg)
header = [reg.getCellByPosition(c, 0).String for c in range(last_col + 1)]
col = {h: i for i, h in enumerate(header)}
print("Registre", last_row, "rows,", last_col + 1, "columns; ID column:", header[0])

# 1. sort Registre by name (rows 2..), as Data > Sort would
rng = reg.getCellRangeByPosition(0, 1, last_col, last_row)
field = uno.createUnoStruct("com.sun.star.table.TableSortField")
field.Field = col["Nom du traitement"]; field.IsAscending = True
desc = rng.createSortDescriptor()
for p in desc:
    if p.Name == "SortFields":
        p.Value = uno.Any("[]com.sun.star.table.TableSortField", (field,))
rng.sort(desc)

def find(sheet, source, index):
    lr, lc = used(sheet)
    hdr = [sheet.getCellByPosition(c, 0).String for c in range(lc + 1)]
    s, n = hdr.index("Source"), hdr.index("N°")
    for r in range(1, lr + 1):
        if sheet.getCellByPosition(s, r).String == source and sheet.getCellByPosition(n, r).String == str(index):
            return r, hdr
    raise SystemExit(f"no row {source} {index}")

# 2. copy pirouette.txt n° 3 and paste it as a new row at the end, renamed
r, _ = find(reg, "pirouette.txt", 3)
src = reg.getCellRangeByPosition(0, r, last_col, r).RangeAddress
dst = reg.getCellByPosition(0, last_row + 1).CellAddress
reg.copyRange(dst, src)
reg.getCellByPosition(col["Nom du traitement"], last_row + 1).String = "Support des comptes professionnels"

# 3. a line added to a recipients cell
r, _ = find(reg, "toutemonannee.txt", 3)
cell = reg.getCellByPosition(col["Destinataires"], r)
cell.String = cell.String + "\nCabinet comptable Dupont — factures"

# 4. Conservation: 1 an -> 18 mois
cons = sheets.getByName("Conservation")
r, hdr = find(cons, "toutemonannee.txt", 2)
c = cons.getCellByPosition(hdr.index("Durée (texte)"), r)
print("Conservation was:", c.String)
c.String = "18 mois"

doc.storeToURL("file://" + os.path.abspath(sys.argv[2]) + "/register.xlsx", (prop("FilterName", "Calc MS Excel 2007 XML"),))
doc.storeToURL("file://" + os.path.abspath(sys.argv[2]) + "/register.ods", (prop("FilterName", "calc8"),))
doc.close(True)
print("saved")
