//! Web pages (`.html`, `.htm`, and HTML saved under an `.xls` name) through scraper
//! (html5ever): headings, paragraphs, lists, tables (`colspan`, `<caption>`), definition
//! lists as label/value pairs. Scripts and styles are skipped; navigation, header and
//! footer are page furniture, listed as ignored.

use super::{Block, Builder, Cell, Document, Kind, Para, Table, lead_of, tidy};
use ropa_model::Place;
use scraper::{ElementRef, Html, Node};

/// Reads a web page into blocks.
pub fn read(text: &str) -> Document {
    if super::too_many_lines(text) || super::html_nesting(text) > super::MAX_NESTING {
        return Document {
            blocks: Vec::new(),
            overflowed: true,
            repaired: 0,
        };
    }
    let html = Html::parse_document(text);
    let mut b = Builder::default();
    let mut runs = Vec::new();
    walk(html.root_element(), &mut b, &mut runs, false, 0, 0);
    flush(&mut b, &mut runs);
    Document {
        overflowed: b.blocks.len() > super::MAX_BLOCKS,
        repaired: 0,
        blocks: b.blocks,
    }
}

/// How deep elements are read as structure: below it, an element's text is read as one
/// run, by an iterative traversal (40,000 nested `<div>`s overflowed the stack; no real
/// page nests a register a hundred deep).
const MAX_DEPTH: usize = 100;

const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "head", "button", "select",
];
const FURNITURE: &[&str] = &["nav", "header", "footer"];
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "body",
    "html",
    "blockquote",
    "figure",
    "form",
    "address",
    "fieldset",
    "figcaption",
    "caption",
    "pre",
    "hr",
    "details",
    "summary",
    "aside",
];

fn flush(b: &mut Builder, runs: &mut Vec<(String, bool)>) {
    if runs.is_empty() {
        return;
    }
    let text: String = runs.iter().map(|(t, _)| t.as_str()).collect();
    let para = Para {
        text: tidy(&text),
        lead: lead_of(runs),
    };
    runs.clear();
    b.text_block(Kind::Paragraph(para), None);
}

/// All the text under an element, line breaks at `<br>` and block boundaries.
fn text_of(el: ElementRef, depth: usize) -> String {
    text_and_lead(el, depth).0
}

/// The text under an element and its bold lead-in, from one walk (a table cell's text
/// and lead read by two walks doubled the time at each level of nested tables).
fn text_and_lead(el: ElementRef, depth: usize) -> (String, Option<String>) {
    let mut b = Builder::default();
    let mut runs = Vec::new();
    walk(el, &mut b, &mut runs, false, 0, depth);
    let lead = lead_of(&runs);
    flush(&mut b, &mut runs);
    let lines: Vec<String> = b
        .blocks
        .into_iter()
        .map(|bl| match bl.kind {
            Kind::Heading { text, .. } | Kind::Furniture(text) | Kind::Unanswered(text) => text,
            Kind::Paragraph(p) => p.text,
            Kind::Item { para, .. } => para.text,
            Kind::Table(t) => t.text(),
        })
        .collect();
    (tidy(&lines.join("\n")), lead)
}

fn walk(
    el: ElementRef,
    b: &mut Builder,
    runs: &mut Vec<(String, bool)>,
    bold: bool,
    lists: u8,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        runs.push((el.text().collect(), bold));
        return;
    }
    let depth = depth + 1;
    for child in el.children() {
        match child.value() {
            Node::Text(t) => runs.push((t.to_string(), bold)),
            Node::Element(e) => {
                let Some(child) = ElementRef::wrap(child) else {
                    continue;
                };
                let name = e.name();
                match name {
                    n if SKIPPED.contains(&n) => {}
                    n if FURNITURE.contains(&n) => {
                        flush(b, runs);
                        let text = text_of(child, depth);
                        for line in text.lines() {
                            b.text_block(Kind::Furniture(line.to_string()), None);
                        }
                    }
                    "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                        flush(b, runs);
                        let level = name[1..].parse().unwrap_or(1);
                        b.text_block(
                            Kind::Heading {
                                level,
                                text: text_of(child, depth).replace('\n', " "),
                            },
                            None,
                        );
                    }
                    "br" => runs.push(("\n".into(), bold)),
                    "strong" | "b" => walk(child, b, runs, true, lists, depth),
                    "ul" | "ol" | "menu" => {
                        flush(b, runs);
                        for li in child.children().filter_map(ElementRef::wrap) {
                            item(li, b, lists, depth);
                        }
                    }
                    "li" => item(child, b, lists, depth),
                    "table" => {
                        flush(b, runs);
                        table(child, b, depth);
                    }
                    "dl" => {
                        flush(b, runs);
                        let mut label: Option<String> = None;
                        for part in child.children().filter_map(ElementRef::wrap) {
                            match part.value().name() {
                                "dt" => label = Some(text_of(part, depth).replace('\n', " ")),
                                "dd" => {
                                    let value = text_of(part, depth);
                                    let para = match &label {
                                        Some(l) => Para {
                                            text: format!("{l} : {value}"),
                                            lead: Some(l.clone()),
                                        },
                                        None => Para::plain(value),
                                    };
                                    b.text_block(Kind::Paragraph(para), None);
                                }
                                _ => walk(part, b, runs, bold, lists, depth),
                            }
                        }
                    }
                    n if BLOCKS.contains(&n) => {
                        flush(b, runs);
                        walk(child, b, runs, bold, lists, depth);
                        flush(b, runs);
                    }
                    _ => walk(child, b, runs, bold, lists, depth),
                }
            }
            _ => {}
        }
    }
}

/// A list item: its own text, then its nested lists one level deeper.
fn item(li: ElementRef, b: &mut Builder, lists: u8, depth: usize) {
    if depth > MAX_DEPTH {
        let para = Para::plain(tidy(&li.text().collect::<String>()));
        b.text_block(Kind::Item { level: lists, para }, None);
        return;
    }
    let depth = depth + 1;
    let mut runs = Vec::new();
    let mut nested = Vec::new();
    for child in li.children() {
        if let Some(el) = ElementRef::wrap(child)
            && matches!(el.value().name(), "ul" | "ol")
        {
            nested.push(el);
            continue;
        }
        let mut tmp = Builder::default();
        match child.value() {
            Node::Text(t) => runs.push((t.to_string(), false)),
            Node::Element(e) => {
                if let Some(el) = ElementRef::wrap(child) {
                    let bold = matches!(e.name(), "strong" | "b");
                    let mut inner = Vec::new();
                    walk(
                        el,
                        &mut tmp,
                        &mut inner,
                        bold,
                        lists.saturating_add(1),
                        depth,
                    );
                    if e.name() == "br" {
                        runs.push(("\n".into(), false));
                    }
                    runs.extend(inner);
                    for bl in tmp.blocks {
                        if let Kind::Paragraph(p) = bl.kind {
                            runs.push((format!("\n{}", p.text), false));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    let text: String = runs.iter().map(|(t, _)| t.as_str()).collect();
    let para = Para {
        text: tidy(&text),
        lead: lead_of(&runs),
    };
    b.text_block(Kind::Item { level: lists, para }, None);
    for n in nested {
        for li in n.children().filter_map(ElementRef::wrap) {
            item(li, b, lists.saturating_add(1), depth);
        }
    }
}

fn table(el: ElementRef, b: &mut Builder, depth: usize) {
    let number = b.next_table();
    let mut t = Table::default();
    let mut rows = Vec::new();
    collect_rows(el, &mut rows, b, depth);
    t.head = rows.first().is_some_and(|tr| {
        let mut cells = tr.children().filter_map(ElementRef::wrap).peekable();
        cells.peek().is_some() && cells.all(|c| c.value().name() == "th")
    });
    for (r, tr) in rows.into_iter().enumerate() {
        let mut row = Vec::new();
        let mut col = 1;
        for td in tr.children().filter_map(ElementRef::wrap) {
            if !matches!(td.value().name(), "td" | "th") {
                continue;
            }
            let span = td
                .value()
                .attr("colspan")
                .and_then(|s| s.trim().parse().ok())
                .unwrap_or(1usize)
                .clamp(1, 1000);
            let (text, lead) = text_and_lead(td, depth);
            row.push(Cell {
                text,
                lead,
                span,
                merged_copy: false,
                place: Place::TableCell {
                    table: number,
                    row: r + 1,
                    col,
                },
            });
            col += span;
        }
        t.rows.push(row);
    }
    b.blocks.push(Block {
        kind: Kind::Table(t),
        place: Place::TableCell {
            table: number,
            row: 1,
            col: 1,
        },
    });
}

/// The rows of a table in order (thead, tbody, tfoot or bare), its caption as a paragraph.
fn collect_rows<'a>(
    el: ElementRef<'a>,
    rows: &mut Vec<ElementRef<'a>>,
    b: &mut Builder,
    depth: usize,
) {
    for child in el.children().filter_map(ElementRef::wrap) {
        match child.value().name() {
            "tr" => rows.push(child),
            "thead" | "tbody" | "tfoot" if depth <= MAX_DEPTH => {
                collect_rows(child, rows, b, depth + 1)
            }
            "caption" => b.text_block(Kind::Paragraph(Para::plain(text_of(child, depth))), None),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page nested deeper than any register, or of more lines, is refused before the
    /// parser, whose time grows with the square of the depth (200,000 nested `<div>`s ran
    /// past two minutes); unclosed `<p>` and `<li>` do not count as depth.
    #[test]
    fn a_page_nested_past_the_limit_is_refused_before_it_is_parsed() {
        let deep = "<div>".repeat(super::super::MAX_NESTING + 1);
        assert!(read(&deep).overflowed);
        let flat = format!("<ul>{}</ul>", "<li><p>Paie".repeat(20_000));
        assert!(super::super::html_nesting(&flat) < 5);
        assert!(!read(&flat).overflowed);
        let long = "a\n".repeat(super::super::MAX_LINES + 1);
        assert!(read(&long).overflowed);
        assert!(super::super::markdown::read(&long).overflowed);
    }

    /// Deep nesting is read, never recursed into without bound: nested `<div>`s
    /// overflowed the stack (40,000 the main thread's, 3,000 a test thread's), nested
    /// lists a `u8` past 255, and each level of nested tables was read twice (2³² walks
    /// for 32 levels: over 20 s, now under 0.1 s). The sizes are kept small for the
    /// parser, whose time grows with the square of the depth.
    #[test]
    fn deeply_nested_pages_are_read_to_their_last_words() {
        let divs = format!(
            "{}Finalité : paie{}",
            "<div>".repeat(3_000),
            "</div>".repeat(3_000)
        );
        let lists = format!(
            "{}Base légale : contrat{}",
            "<ul><li>".repeat(2_000),
            "</li></ul>".repeat(2_000)
        );
        let tables = format!(
            "{}Destinataires : RH{}",
            "<table><tr><td>".repeat(32),
            "</td></tr></table>".repeat(32)
        );
        for (page, words) in [
            (divs, "Finalité : paie"),
            (lists, "Base légale : contrat"),
            (tables, "Destinataires : RH"),
        ] {
            let doc = read(&page);
            assert!(doc.text().contains(words), "{words}");
        }
    }

    #[test]
    fn page_blocks_without_navigation_and_scripts() {
        let d = read(
            r#"<!DOCTYPE html><html><head><title>x</title><script>var a=1;</script></head><body>
<nav><a href="/">Inicio</a></nav>
<h1>Registro</h1><dl><dt>Responsable</dt><dd>Colegio&nbsp;X</dd></dl>
<table><caption>Actividades</caption><thead><tr><th>Actividad</th><th>Finalidad</th></tr></thead>
<tbody><tr><td>Alumnos</td><td>Gestión<br>académica<ul><li>a</li><li>b</li></ul></td></tr>
<tr><td colspan="2">Nota: AMPA</td></tr></tbody></table><footer>© 2024</footer></body></html>"#,
        );
        assert_eq!(d.blocks[0].kind, Kind::Furniture("Inicio".into()));
        assert_eq!(
            d.blocks[1].kind,
            Kind::Heading {
                level: 1,
                text: "Registro".into()
            }
        );
        let Kind::Paragraph(p) = &d.blocks[2].kind else {
            panic!()
        };
        assert_eq!(p.text, "Responsable : Colegio X");
        let Kind::Table(t) = &d.blocks[4].kind else {
            panic!("{:?}", d.blocks)
        };
        assert_eq!(t.rows[1][1].text, "Gestión\nacadémica\na\nb");
        assert!(t.is_banner(&t.rows[2]));
        assert!(!d.blocks.iter().any(|b| format!("{b:?}").contains("var a")));
    }
}
