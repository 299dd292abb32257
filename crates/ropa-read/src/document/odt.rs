//! OpenDocument text (`.odt`): `content.xml` read with quick-xml into blocks. Headings are
//! `text:h` with their outline level, lists `text:list`, tables `table:table` (spans and
//! covered cells known), bold from the automatic text styles, tables of contents set aside.

use super::xml::{resolve_ref, xml_attr, xml_local, zip_parts};
use super::{Builder, Cell, Document, Kind, Para, Table, lead_of};
use quick_xml::events::Event;
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

#[derive(Default)]
struct ParaState {
    runs: Vec<(String, bool)>,
    heading: Option<u8>,
    bold: bool,
    spans: Vec<bool>,
}

#[derive(Default)]
struct TableState {
    number: usize,
    rows: Vec<Vec<Cell>>,
    row: Vec<Cell>,
    cell: Vec<Para>,
    span: usize,
    covered: bool,
}

fn content_blocks(path: &Path, xml: &str, bold: &HashSet<String>) -> Result<Document> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut b = Builder::default();
    let mut para: Option<ParaState> = None;
    let mut tables: Vec<TableState> = Vec::new();
    let mut list_level: Option<u8> = None;
    let mut toc = 0usize;
    let mut in_body = false;
    loop {
        let ev = reader.read_event().map_err(|e| Error::Unsupported {
            path: path.to_path_buf(),
            message: format!("this document's XML cannot be read ({e}): the file is damaged. Open it in LibreOffice and save it again."),
        })?;
        match ev {
            Event::Eof => break,
            Event::Start(e) => match xml_local(e.name().as_ref()) {
                "body" => in_body = true,
                "p" | "h" if in_body => {
                    let style_bold = xml_attr(&e, "style-name").is_some_and(|s| bold.contains(&s));
                    para = Some(ParaState {
                        heading: (xml_local(e.name().as_ref()) == "h").then(|| {
                            xml_attr(&e, "outline-level")
                                .and_then(|l| l.parse().ok())
                                .unwrap_or(1)
                        }),
                        bold: style_bold,
                        ..Default::default()
                    });
                }
                "span" => {
                    if let Some(p) = &mut para {
                        let on = xml_attr(&e, "style-name").is_some_and(|s| bold.contains(&s));
                        p.spans.push(on || p.bold);
                    }
                }
                "list" => list_level = Some(list_level.map_or(0, |l| l + 1)),
                "table-of-content" | "alphabetical-index" => toc += 1,
                "table" => tables.push(TableState {
                    number: b.next_table(),
                    ..Default::default()
                }),
                "table-row" => {
                    if let Some(t) = tables.last_mut() {
                        t.row.clear();
                    }
                }
                "table-cell" | "covered-table-cell" => {
                    if let Some(t) = tables.last_mut() {
                        t.cell.clear();
                        t.span = xml_attr(&e, "number-columns-spanned")
                            .and_then(|v| v.parse().ok())
                            .unwrap_or(1);
                        t.covered = xml_local(e.name().as_ref()) == "covered-table-cell";
                    }
                }
                _ => {}
            },
            Event::Empty(e) => match xml_local(e.name().as_ref()) {
                "s" => push(
                    &mut para,
                    &" ".repeat(
                        xml_attr(&e, "c")
                            .and_then(|c| c.parse().ok())
                            .unwrap_or(1)
                            .min(100),
                    ),
                ),
                "tab" => push(&mut para, "\t"),
                "line-break" => push(&mut para, "\n"),
                "table-cell" | "covered-table-cell" => {
                    if let Some(t) = tables.last_mut() {
                        let covered = xml_local(e.name().as_ref()) == "covered-table-cell";
                        let repeat = xml_attr(&e, "number-columns-repeated")
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
                }
                _ => {}
            },
            Event::Text(t) => {
                if let Some(p) = &mut para {
                    let text = t.xml10_content();
                    let bold = p.spans.last().copied().unwrap_or(p.bold);
                    p.runs.push((text.into_owned(), bold));
                }
            }
            Event::GeneralRef(r) => {
                if let Some(p) = &mut para {
                    let bold = p.spans.last().copied().unwrap_or(p.bold);
                    p.runs.push((resolve_ref(&r), bold));
                }
            }
            Event::End(e) => match xml_local(e.name().as_ref()) {
                "span" => {
                    if let Some(p) = &mut para {
                        p.spans.pop();
                    }
                }
                "p" | "h" => {
                    if let Some(p) = para.take() {
                        let text: String = p.runs.iter().map(|(t, _)| t.as_str()).collect();
                        let text = text.trim().to_string();
                        let pa = Para {
                            lead: lead_of(&p.runs),
                            text,
                        };
                        if let Some(t) = tables.last_mut() {
                            let pa = match list_level {
                                Some(_) if !pa.text.is_empty() => Para {
                                    text: format!("• {}", pa.text),
                                    lead: pa.lead,
                                },
                                _ => pa,
                            };
                            t.cell.push(pa);
                        } else if toc > 0 {
                            b.text_block(Kind::Furniture(pa.text), None);
                        } else if let Some(level) = p.heading {
                            b.text_block(
                                Kind::Heading {
                                    level,
                                    text: pa.text,
                                },
                                None,
                            );
                        } else if let Some(level) = list_level {
                            b.text_block(Kind::Item { level, para: pa }, None);
                        } else {
                            b.text_block(Kind::Paragraph(pa), None);
                        }
                    }
                }
                "list" => list_level = list_level.and_then(|l| l.checked_sub(1)),
                "table-of-content" | "alphabetical-index" => toc = toc.saturating_sub(1),
                "table-cell" | "covered-table-cell" => {
                    if let Some(t) = tables.last_mut() {
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
                "table-row" => {
                    if let Some(t) = tables.last_mut() {
                        // covered cells of a span are not columns of their own
                        let row: Vec<Cell> = std::mem::take(&mut t.row)
                            .into_iter()
                            .filter(|c| !(c.merged_copy && c.text.is_empty()))
                            .collect();
                        t.rows.push(row);
                    }
                }
                "table" => {
                    if let Some(t) = tables.pop() {
                        let table = Table { rows: t.rows };
                        b.table(table, t.number, tables.last_mut().map(|o| &mut o.cell));
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }
    Ok(Document { blocks: b.blocks })
}

fn push(para: &mut Option<ParaState>, s: &str) {
    if let Some(p) = para {
        let bold = p.spans.last().copied().unwrap_or(p.bold);
        p.runs.push((s.to_string(), bold));
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
