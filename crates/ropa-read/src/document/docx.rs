//! Word documents (`.docx`): `word/document.xml` read with quick-xml into blocks.
//! Headings are known by their style's name or outline level (style ids are localised:
//! `Titre2`, `berschrift2`), list items by their numbering, tables with their merged
//! cells (`w:gridSpan`, `w:vMerge`), and both kinds of check box: the glyphs typed in the
//! text and the content controls `w14:checkbox`, whose state is `w14:checked`.

use super::xml::{resolve_ref, xml_attr, xml_local};
use super::{Builder, CHECKED, Cell, Document, Kind, Para, Table, UNCHECKED, lead_of};
use quick_xml::events::{BytesStart, Event};
use ropa_model::Place;
use ropa_model::error::{Error, Result};
use std::collections::HashMap;
use std::path::Path;

/// What a paragraph style says.
#[derive(Clone, Debug, Default)]
struct Style {
    heading: Option<u8>,
    list: bool,
    toc: bool,
    title: bool,
}

/// Reads the paragraphs and tables of a Word document.
pub fn read(path: &Path, bytes: &[u8]) -> Result<Document> {
    let parts = super::xml::zip_parts(path, bytes, &["word/document.xml", "word/styles.xml"])?;
    let body = parts[0].as_deref().ok_or_else(|| Error::Unsupported {
        path: path.to_path_buf(),
        message: "this Word document has no word/document.xml part: it is damaged. Open it in Word or LibreOffice and save it again as .docx.".into(),
    })?;
    let styles = parts[1].as_deref().map(styles).unwrap_or_default();
    body_blocks(path, body, &styles)
}

fn xml_error(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Unsupported {
        path: path.to_path_buf(),
        message: format!(
            "this document's XML cannot be read ({e}): the file is damaged. Open it in Word or LibreOffice and save it again."
        ),
    }
}

/// The styles of `word/styles.xml`, by id: headings by name (`heading 2`, `Title`) or
/// outline level, lists, tables of contents.
fn styles(xml: &str) -> HashMap<String, Style> {
    let mut out: HashMap<String, Style> = HashMap::new();
    let mut based: HashMap<String, String> = HashMap::new();
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut current: Option<String> = None;
    loop {
        let ev = match reader.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(ev) => ev,
        };
        match ev {
            Event::Start(e) | Event::Empty(e) => match xml_local(e.name().as_ref()) {
                "style" => {
                    current = xml_attr(&e, "styleId");
                    if let Some(id) = &current {
                        out.entry(id.clone()).or_default();
                    }
                }
                "name" => {
                    if let (Some(id), Some(name)) = (&current, xml_attr(&e, "val")) {
                        let name = name.to_lowercase();
                        let s = out.entry(id.clone()).or_default();
                        if let Some(n) = name.strip_prefix("heading ") {
                            s.heading = n.trim().parse().ok();
                        }
                        s.title |= name == "title";
                        s.toc |= name.starts_with("toc ") || name == "toc heading";
                        s.list |= name.starts_with("list");
                    }
                }
                "outlineLvl" => {
                    if let (Some(id), Some(v)) = (&current, xml_attr(&e, "val")) {
                        let s = out.entry(id.clone()).or_default();
                        if s.heading.is_none() {
                            s.heading = v.parse::<u8>().ok().filter(|l| *l < 9).map(|l| l + 1);
                        }
                    }
                }
                "basedOn" => {
                    if let (Some(id), Some(v)) = (&current, xml_attr(&e, "val")) {
                        based.insert(id.clone(), v);
                    }
                }
                _ => {}
            },
            Event::End(e) if xml_local(e.name().as_ref()) == "style" => current = None,
            _ => {}
        }
    }
    // a style based on a heading is a heading of that level (a few levels deep at most)
    let ids: Vec<String> = out.keys().cloned().collect();
    for id in ids {
        let mut parent = based.get(&id);
        for _ in 0..5 {
            let Some(p) = parent else { break };
            let inherited = out.get(p).cloned().unwrap_or_default();
            let s = out.entry(id.clone()).or_default();
            if s.heading.is_none() {
                s.heading = inherited.heading;
            }
            s.toc |= inherited.toc;
            parent = based.get(p);
        }
    }
    out
}

/// A paragraph being read.
#[derive(Default)]
struct ParaState {
    runs: Vec<(String, bool)>,
    bold: bool,
    style: Option<String>,
    outline: Option<u8>,
    numbered: Option<u8>,
}

/// A table being read: its rows, the current row and cell, and the vMerge flags.
#[derive(Default)]
struct TableState {
    number: usize,
    rows: Vec<Vec<Cell>>,
    row: Vec<Cell>,
    cell: Vec<Para>,
    span: usize,
    vmerge_continue: bool,
}

fn body_blocks(path: &Path, xml: &str, styles: &HashMap<String, Style>) -> Result<Document> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut b = Builder::default();
    let mut para: Option<ParaState> = None;
    let mut tables: Vec<TableState> = Vec::new();
    // the content controls open around the current point: Some(state) for a check box
    let mut sdts: Vec<Option<bool>> = Vec::new();
    let mut in_rpr = false;
    let mut in_text = false;
    loop {
        if b.blocks.len() > super::MAX_BLOCKS {
            return Err(super::too_many_blocks(path));
        }
        let ev = reader.read_event().map_err(|e| xml_error(path, e))?;
        match ev {
            Event::Eof => break,
            Event::Start(e) => {
                let name = e.name();
                match xml_local(name.as_ref()) {
                    "p" => para = Some(ParaState::default()),
                    "rPr" => in_rpr = true,
                    "r" => {
                        if let Some(p) = &mut para {
                            p.bold = false;
                        }
                    }
                    "t" => in_text = true,
                    "sdt" => sdts.push(None),
                    "checkbox" => {
                        if let Some(top) = sdts.last_mut() {
                            *top = Some(false);
                        }
                    }
                    "sdtContent" => {
                        // a check box's content is its glyph, written again from its state
                        if let Some(Some(checked)) = sdts.last()
                            && let Some(p) = &mut para
                        {
                            let glyph = if *checked { CHECKED } else { UNCHECKED };
                            p.runs.push((format!("{glyph} "), false));
                        }
                    }
                    "tbl" => tables.push(TableState {
                        number: b.next_table(),
                        ..Default::default()
                    }),
                    "tr" => {
                        if let Some(t) = tables.last_mut() {
                            t.row.clear();
                        }
                    }
                    "tc" => {
                        if let Some(t) = tables.last_mut() {
                            t.cell.clear();
                            t.span = 1;
                            t.vmerge_continue = false;
                        }
                    }
                    _ => empty_element(&e, &mut para, &mut tables, &mut sdts, in_rpr),
                }
            }
            Event::Empty(e) => empty_element(&e, &mut para, &mut tables, &mut sdts, in_rpr),
            Event::Text(t) if in_text && !in_checkbox(&sdts) => {
                if let Some(p) = &mut para {
                    let text = t.xml10_content();
                    p.runs.push((text.into_owned(), p.bold));
                }
            }
            Event::GeneralRef(r) if in_text && !in_checkbox(&sdts) => {
                if let Some(p) = &mut para {
                    p.runs.push((resolve_ref(&r), p.bold));
                }
            }
            Event::End(e) => match xml_local(e.name().as_ref()) {
                "t" => in_text = false,
                "rPr" => in_rpr = false,
                "sdt" => {
                    sdts.pop();
                }
                "p" => {
                    if let Some(p) = para.take() {
                        finish_paragraph(p, styles, &mut b, &mut tables);
                    }
                }
                "tc" => {
                    if let Some(t) = tables.last_mut() {
                        let paras = std::mem::take(&mut t.cell);
                        let place = Place::TableCell {
                            table: t.number,
                            row: t.rows.len() + 1,
                            col: t.row.iter().map(|c| c.span.max(1)).sum::<usize>() + 1,
                        };
                        t.row.push(Cell::of_paragraphs(
                            &paras,
                            t.span,
                            t.vmerge_continue,
                            place,
                        ));
                    }
                }
                "tr" => {
                    if let Some(t) = tables.last_mut() {
                        let row = std::mem::take(&mut t.row);
                        t.rows.push(row);
                    }
                }
                "tbl" => {
                    if let Some(mut t) = tables.pop() {
                        fill_vmerge(&mut t.rows);
                        let table = Table::of(t.rows);
                        // a table inside a cell: its text joins the cell
                        b.table(table, t.number, tables.last_mut().map(|o| &mut o.cell));
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }
    Ok(Document {
        blocks: b.blocks,
        overflowed: false,
        repaired: 0,
    })
}

fn in_checkbox(sdts: &[Option<bool>]) -> bool {
    sdts.iter().any(Option::is_some)
}

fn empty_element(
    e: &BytesStart,
    para: &mut Option<ParaState>,
    tables: &mut [TableState],
    sdts: &mut [Option<bool>],
    in_rpr: bool,
) {
    let off = |e: &BytesStart| {
        xml_attr(e, "val").is_some_and(|v| matches!(v.as_str(), "0" | "false" | "off" | "none"))
    };
    match xml_local(e.name().as_ref()) {
        "b" if in_rpr => {
            if let Some(p) = para {
                p.bold = !off(e);
            }
        }
        "pStyle" => {
            if let Some(p) = para {
                p.style = xml_attr(e, "val");
            }
        }
        "outlineLvl" => {
            if let Some(p) = para {
                p.outline = xml_attr(e, "val").and_then(|v| v.parse().ok());
            }
        }
        "ilvl" => {
            if let Some(p) = para {
                p.numbered = Some(xml_attr(e, "val").and_then(|v| v.parse().ok()).unwrap_or(0));
            }
        }
        "numId" => {
            if let Some(p) = para
                && p.numbered.is_none()
                && xml_attr(e, "val").as_deref() != Some("0")
            {
                p.numbered = Some(0);
            }
        }
        "checked" => {
            if let Some(top) = sdts.last_mut()
                && top.is_some()
            {
                *top = Some(!off(e));
            }
        }
        "tab" if !in_rpr => {
            if let Some(p) = para {
                p.runs.push(("\t".into(), p.bold));
            }
        }
        "br" | "cr" => {
            if let Some(p) = para {
                p.runs.push(("\n".into(), p.bold));
            }
        }
        "gridSpan" => {
            if let Some(t) = tables.last_mut() {
                t.span = xml_attr(e, "val").and_then(|v| v.parse().ok()).unwrap_or(1);
            }
        }
        "vMerge" => {
            if let Some(t) = tables.last_mut() {
                t.vmerge_continue = xml_attr(e, "val").is_none_or(|v| v == "continue");
            }
        }
        _ => {}
    }
}

fn finish_paragraph(
    p: ParaState,
    styles: &HashMap<String, Style>,
    b: &mut Builder,
    tables: &mut [TableState],
) {
    let text: String = p.runs.iter().map(|(t, _)| t.as_str()).collect();
    let text = text.trim().to_string();
    let para = Para {
        lead: lead_of(&p.runs),
        text,
    };
    if let Some(t) = tables.last_mut() {
        let bullet = p.numbered.is_some()
            || p.style
                .as_ref()
                .and_then(|s| styles.get(s))
                .is_some_and(|s| s.list);
        let para = if bullet && !para.text.is_empty() {
            Para {
                text: format!("• {}", para.text),
                lead: para.lead,
            }
        } else {
            para
        };
        t.cell.push(para);
        return;
    }
    let style = p
        .style
        .as_ref()
        .and_then(|s| styles.get(s))
        .cloned()
        .unwrap_or_default();
    let kind = if style.toc {
        Kind::Furniture(para.text)
    } else if let Some(level) = style
        .heading
        .or(p.outline.map(|l| l + 1))
        .filter(|l| *l <= 9)
    {
        Kind::Heading {
            level,
            text: para.text,
        }
    } else if style.title {
        Kind::Heading {
            level: 0,
            text: para.text,
        }
    } else if let Some(level) = p.numbered.or(style.list.then_some(0)) {
        Kind::Item { level, para }
    } else {
        Kind::Paragraph(para)
    };
    b.text_block(kind, None);
}

/// A vertically merged cell takes the text of the cell it continues, marked as a copy.
fn fill_vmerge(rows: &mut [Vec<Cell>]) {
    for r in 1..rows.len() {
        let (above, below) = rows.split_at_mut(r);
        let prev = &above[r - 1];
        for cell in below[0].iter_mut().filter(|c| c.merged_copy) {
            let col = grid_col(&cell.place);
            if let Some(src) = prev.iter().find(|c| grid_col(&c.place) == col) {
                cell.text = src.text.clone();
                cell.lead = src.lead.clone();
            }
        }
    }
}

fn grid_col(p: &Place) -> usize {
    match p {
        Place::TableCell { col, .. } => *col,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STYLES: &str = r#"<w:styles xmlns:w="w"><w:style w:styleId="Titre2"><w:name w:val="heading 2"/></w:style><w:style w:styleId="TM1"><w:name w:val="toc 1"/></w:style></w:styles>"#;

    fn doc(body: &str) -> Document {
        let xml = format!(
            r#"<w:document xmlns:w="w" xmlns:w14="w14"><w:body>{body}</w:body></w:document>"#
        );
        body_blocks(Path::new("t.docx"), &xml, &styles(STYLES)).unwrap()
    }

    /// A document of more paragraphs than any register is refused as it is read, before
    /// its blocks exhaust the memory (150 MiB of one-letter paragraphs took 3.5 GB).
    #[test]
    fn a_document_past_the_most_paragraphs_is_refused_by_name() {
        let body = "<w:p><w:r><w:t>a</w:t></w:r></w:p>".repeat(super::super::MAX_BLOCKS + 2);
        let xml = format!(r#"<w:document xmlns:w="w"><w:body>{body}</w:body></w:document>"#);
        let e = body_blocks(Path::new("t.docx"), &xml, &styles(STYLES)).unwrap_err();
        assert!(e.to_string().contains("t.docx") && e.to_string().contains("paragraphs"));
    }

    #[test]
    fn headings_by_style_name_toc_and_bold_lead_ins() {
        let d = doc(concat!(
            r#"<w:p><w:pPr><w:pStyle w:val="TM1"/></w:pPr><w:r><w:t>1. Paie</w:t></w:r></w:p>"#,
            r#"<w:p><w:pPr><w:pStyle w:val="Titre2"/></w:pPr><w:r><w:t>Paie</w:t></w:r></w:p>"#,
            r#"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Finalité :</w:t></w:r><w:r><w:t xml:space="preserve"> payer &amp; déclarer</w:t></w:r></w:p>"#,
        ));
        assert_eq!(d.blocks[0].kind, Kind::Furniture("1. Paie".into()));
        assert_eq!(
            d.blocks[1].kind,
            Kind::Heading {
                level: 2,
                text: "Paie".into()
            }
        );
        let Kind::Paragraph(p) = &d.blocks[2].kind else {
            panic!()
        };
        assert_eq!(p.text, "Finalité : payer & déclarer");
        assert_eq!(p.lead.as_deref(), Some("Finalité :"));
        assert_eq!(d.blocks[2].place, Place::Paragraph(3));
    }

    #[test]
    fn merged_cells_and_both_kinds_of_check_box() {
        let cb = |checked: &str, glyph: &str| {
            format!(
                r#"<w:sdt><w:sdtPr><w14:checkbox><w14:checked w14:val="{checked}"/></w14:checkbox></w:sdtPr><w:sdtContent><w:r><w:t>{glyph}</w:t></w:r></w:sdtContent></w:sdt>"#
            )
        };
        let d = doc(&format!(
            concat!(
                r#"<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>SECTION</w:t></w:r></w:p></w:tc></w:tr>"#,
                r#"<w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>RH</w:t></w:r></w:p></w:tc><w:tc><w:p>{}<w:r><w:t xml:space="preserve"> Santé</w:t></w:r></w:p><w:p><w:r><w:t>☐ Non</w:t></w:r></w:p></w:tc></w:tr>"#,
                r#"<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p>{}<w:r><w:t xml:space="preserve"> Oui</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#
            ),
            cb("1", "☐"),
            cb("0", "☒")
        ));
        let Kind::Table(t) = &d.blocks[0].kind else {
            panic!()
        };
        assert_eq!(t.rows[0][0].span, 2);
        assert!(t.is_banner(&t.rows[0]));
        assert_eq!(t.rows[1][1].text, "☒ Santé\n☐ Non");
        assert_eq!(t.rows[2][0].text, "RH");
        assert!(t.rows[2][0].merged_copy);
        assert_eq!(t.rows[2][1].text, "☐ Oui");
        assert_eq!(
            t.rows[2][1].place,
            Place::TableCell {
                table: 1,
                row: 3,
                col: 2
            }
        );
    }
}
