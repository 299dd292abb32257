//! OpenDocument text (`.odt`): `content.xml` read with quick-xml into blocks. Headings are
//! `text:h` with their outline level, lists `text:list`, tables `table:table` (spans and
//! covered cells known), bold from the automatic text styles, tables of contents set aside.

use super::xml::{resolve_ref, xml_attr, xml_local, zip_parts};
use super::{Builder, Cell, Document, Kind, Para, Table, lead_of};
use quick_xml::events::{BytesStart, Event};
use ropa_model::Place;
use ropa_model::error::{Error, Result};
use std::collections::HashSet;
use std::path::Path;

/// Reads the headings, paragraphs, lists and tables of an OpenDocument text.
pub fn read(path: &Path, bytes: &[u8]) -> Result<Document> {
    let parts = zip_parts(path, bytes, &["content.xml", "styles.xml"])?;
    let content = parts[0].as_deref().ok_or_else(|| Error::Unsupported {
        path: path.to_path_buf(),
        message: "this OpenDocument file has no content.xml part: it is damaged. Open it in LibreOffice and save it again as .odt.".into(),
    })?;
    let mut bold = bold_styles(content);
    if let Some(s) = parts[1].as_deref() {
        bold.extend(bold_styles(s));
    }
    content_blocks(path, content, &bold)
}

/// The names of the styles whose text is bold.
fn bold_styles(xml: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut current: Option<String> = None;
    loop {
        match reader.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => match xml_local(e.name().as_ref()) {
                "style" => current = xml_attr(&e, "name"),
                "text-properties" => {
                    if let Some(name) = &current
                        && xml_attr(&e, "font-weight").is_some_and(|w| {
                            w == "bold"
                                || w.starts_with('7')
                                || w.starts_with('8')
                                || w.starts_with('9')
                        })
                    {
                        out.insert(name.clone());
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }
    out
}

/// A paragraph or heading being read: its runs with their boldness, its heading level, the
/// boldness of its style and of the spans open in it.
#[derive(Default)]
struct ParaState {
    runs: Vec<(String, bool)>,
    heading: Option<u8>,
    bold: bool,
    spans: Vec<bool>,
}

/// A table being read: its rows, the current row and cell, the cell's span and whether it
/// is covered by a span.
#[derive(Default)]
struct TableState {
    number: usize,
    rows: Vec<Vec<Cell>>,
    row: Vec<Cell>,
    cell: Vec<Para>,
    span: usize,
    covered: bool,
}

/// A reading of `content.xml` under way: the blocks so far, the paragraph and tables open,
/// the list depth and whether inside a table of contents or an index.
struct Content<'a> {
    bold: &'a HashSet<String>,
    b: Builder,
    para: Option<ParaState>,
    tables: Vec<TableState>,
    list_level: Option<u8>,
    toc: usize,
    in_body: bool,
}

/// Reads the blocks of `content.xml`, given the names of the bold styles.
fn content_blocks(path: &Path, xml: &str, bold: &HashSet<String>) -> Result<Document> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut c = Content {
        bold,
        b: Builder::default(),
        para: None,
        tables: Vec::new(),
        list_level: None,
        toc: 0,
        in_body: false,
    };
    loop {
        if c.b.blocks.len() > super::MAX_BLOCKS {
            return Err(super::too_many_blocks(path));
        }
        let ev = reader.read_event().map_err(|e| Error::Unsupported {
            path: path.to_path_buf(),
            message: format!("this document's XML cannot be read ({e}): the file is damaged. Open it in LibreOffice and save it again."),
        })?;
        match ev {
            Event::Eof => break,
            Event::Start(e) => c.start(&e),
            Event::Empty(e) => c.empty(&e),
            // text outside a paragraph is not read
            Event::Text(t) if c.para.is_some() => c.push(&t.xml10_content()),
            Event::GeneralRef(r) if c.para.is_some() => c.push(&resolve_ref(&r)),
            Event::End(e) => c.end(xml_local(e.name().as_ref())),
            _ => {}
        }
    }
    Ok(Document {
        blocks: c.b.blocks,
        overflowed: false,
        repaired: 0,
    })
}

impl Content<'_> {
    /// Whether an element's style is bold.
    fn is_bold(&self, e: &BytesStart) -> bool {
        xml_attr(e, "style-name").is_some_and(|s| self.bold.contains(&s))
    }

    /// An element opens: a paragraph, a span, a list, an index, a table, a row or a cell.
    fn start(&mut self, e: &BytesStart) {
        match xml_local(e.name().as_ref()) {
            "body" => self.in_body = true,
            "p" | "h" if self.in_body => {
                self.para = Some(ParaState {
                    heading: (xml_local(e.name().as_ref()) == "h").then(|| {
                        xml_attr(e, "outline-level")
                            .and_then(|l| l.parse().ok())
                            .unwrap_or(1)
                    }),
                    bold: self.is_bold(e),
                    ..Default::default()
                });
            }
            "span" => {
                let on = self.is_bold(e);
                if let Some(p) = &mut self.para {
                    p.spans.push(on || p.bold);
                }
            }
            "list" => self.list_level = Some(self.list_level.map_or(0, |l| l + 1)),
            "table-of-content" | "alphabetical-index" => self.toc += 1,
            "table" => {
                let number = self.b.next_table();
                self.tables.push(TableState {
                    number,
                    ..Default::default()
                });
            }
            "table-row" => {
                if let Some(t) = self.tables.last_mut() {
                    t.row.clear();
                }
            }
            "table-cell" | "covered-table-cell" => {
                if let Some(t) = self.tables.last_mut() {
                    t.cell.clear();
                    t.span = xml_attr(e, "number-columns-spanned")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(1);
                    t.covered = xml_local(e.name().as_ref()) == "covered-table-cell";
                }
            }
            _ => {}
        }
    }

    /// An empty element: spaces, a tab, a line break, or empty cells (repeated).
    fn empty(&mut self, e: &BytesStart) {
        match xml_local(e.name().as_ref()) {
            "s" => {
                let count = xml_attr(e, "c")
                    .and_then(|c| c.parse().ok())
                    .unwrap_or(1)
                    .min(100);
                self.push(&" ".repeat(count));
            }
            "tab" => self.push("\t"),
            "line-break" => self.push("\n"),
            "table-cell" | "covered-table-cell" => self.empty_cells(e),
            _ => {}
        }
    }

    /// Empty cells, as many as the element repeats (64 at most).
    fn empty_cells(&mut self, e: &BytesStart) {
        let Some(t) = self.tables.last_mut() else {
            return;
        };
        let covered = xml_local(e.name().as_ref()) == "covered-table-cell";
        let repeat = xml_attr(e, "number-columns-repeated")
            .and_then(|v| v.parse::<usize>().ok())
            .unwrap_or(1)
            .min(64);
        for _ in 0..repeat {
            let col = t.row.len() + 1;
            let place = Place::TableCell {
                table: t.number,
                row: t.rows.len() + 1,
                col,
            };
            t.row.push(Cell {
                span: 1,
                merged_copy: covered,
                place,
                ..Default::default()
            });
        }
    }

    /// Text added to the paragraph being read, bold as the innermost span says.
    fn push(&mut self, s: &str) {
        if let Some(p) = &mut self.para {
            let bold = p.spans.last().copied().unwrap_or(p.bold);
            p.runs.push((s.to_string(), bold));
        }
    }

    /// An element closes (by its local name).
    fn end(&mut self, name: &str) {
        match name {
            "span" => {
                if let Some(p) = &mut self.para {
                    p.spans.pop();
                }
            }
            "p" | "h" => {
                if let Some(p) = self.para.take() {
                    self.finish_paragraph(p);
                }
            }
            "list" => self.list_level = self.list_level.and_then(|l| l.checked_sub(1)),
            "table-of-content" | "alphabetical-index" => self.toc = self.toc.saturating_sub(1),
            "table-cell" | "covered-table-cell" => self.finish_cell(),
            "table-row" => self.finish_row(),
            "table" => self.finish_table(),
            _ => {}
        }
    }

    /// A paragraph read: text of the cell being read, an entry of an index, a heading, a
    /// list item or a paragraph.
    fn finish_paragraph(&mut self, p: ParaState) {
        let text: String = p.runs.iter().map(|(t, _)| t.as_str()).collect();
        let text = text.trim().to_string();
        let pa = Para {
            lead: lead_of(&p.runs),
            text,
        };
        if let Some(t) = self.tables.last_mut() {
            let pa = match self.list_level {
                Some(_) if !pa.text.is_empty() => Para {
                    text: format!("• {}", pa.text),
                    lead: pa.lead,
                },
                _ => pa,
            };
            t.cell.push(pa);
        } else if self.toc > 0 {
            self.b.text_block(Kind::Furniture(pa.text), None);
        } else if let Some(level) = p.heading {
            self.b.text_block(
                Kind::Heading {
                    level,
                    text: pa.text,
                },
                None,
            );
        } else if let Some(level) = self.list_level {
            self.b.text_block(Kind::Item { level, para: pa }, None);
        } else {
            self.b.text_block(Kind::Paragraph(pa), None);
        }
    }

    /// A cell read: its paragraphs become a cell of the current row.
    fn finish_cell(&mut self) {
        if let Some(t) = self.tables.last_mut() {
            let paras = std::mem::take(&mut t.cell);
            let place = Place::TableCell {
                table: t.number,
                row: t.rows.len() + 1,
                col: t.row.len() + 1,
            };
            t.row
                .push(Cell::of_paragraphs(&paras, t.span, t.covered, place));
        }
    }

    /// A row read: its cells, but for the empty covered cells of a span.
    fn finish_row(&mut self) {
        if let Some(t) = self.tables.last_mut() {
            // covered cells of a span are not columns of their own
            let row: Vec<Cell> = std::mem::take(&mut t.row)
                .into_iter()
                .filter(|c| !(c.merged_copy && c.text.is_empty()))
                .collect();
            t.rows.push(row);
        }
    }

    /// A table read: a block of its own, or text of the cell it is nested in.
    fn finish_table(&mut self) {
        if let Some(t) = self.tables.pop() {
            let table = Table::of(t.rows);
            self.b
                .table(table, t.number, self.tables.last_mut().map(|o| &mut o.cell));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_lists_tables_and_bold_spans() {
        let xml = r#"<office:document-content xmlns:office="o" xmlns:text="t" xmlns:table="tb" xmlns:style="s" xmlns:fo="f"><office:automatic-styles><style:style style:name="T1"><style:text-properties fo:font-weight="bold"/></style:style></office:automatic-styles><office:body><office:text>
<text:h text:outline-level="1">Traitement 1 – Adhésions</text:h>
<text:h text:outline-level="2">1. Finalité</text:h>
<text:p><text:span text:style-name="T1">Base :</text:span> contrat</text:p>
<text:list><text:list-item><text:p>Adhérents</text:p></text:list-item></text:list>
<table:table><table:table-row><table:table-cell table:number-columns-spanned="2"><text:p>A</text:p></table:table-cell><table:covered-table-cell/></table:table-row></table:table>
</office:text></office:body></office:document-content>"#;
        let d = content_blocks(Path::new("t.odt"), xml, &bold_styles(xml)).unwrap();
        assert_eq!(
            d.blocks[0].kind,
            Kind::Heading {
                level: 1,
                text: "Traitement 1 – Adhésions".into()
            }
        );
        assert_eq!(
            d.blocks[1].kind,
            Kind::Heading {
                level: 2,
                text: "1. Finalité".into()
            }
        );
        let Kind::Paragraph(p) = &d.blocks[2].kind else {
            panic!()
        };
        assert_eq!(p.lead.as_deref(), Some("Base :"));
        assert!(
            matches!(&d.blocks[3].kind, Kind::Item { level: 0, para } if para.text == "Adhérents")
        );
        let Kind::Table(t) = &d.blocks[4].kind else {
            panic!()
        };
        assert_eq!(t.rows[0].len(), 1);
        assert_eq!(t.rows[0][0].span, 2);
    }
}
