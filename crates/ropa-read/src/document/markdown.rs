//! Markdown (`.md`, CommonMark with GFM tables) through pulldown-cmark: ATX and Setext
//! headings, paragraphs with their bold lead-ins, nested list items, pipe tables (`<br>`
//! in a cell is a line break, `\|` a pipe). Each block's place is its line.

use super::{Block, Cell, Document, Kind, Para, Table, lead_of, tidy};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use ropa_model::Place;

/// The text being gathered for one block.
#[derive(Default)]
struct Open {
    runs: Vec<(String, bool)>,
    line: usize,
}

impl Open {
    fn para(&self) -> Para {
        let text: String = self.runs.iter().map(|(t, _)| t.as_str()).collect();
        Para {
            text: tidy(&text),
            lead: lead_of(&self.runs),
        }
    }
}

/// Whether an inline HTML fragment is a line break.
fn is_break(html: &str) -> bool {
    let t = html.trim().to_ascii_lowercase();
    t == "<br>" || t == "<br/>" || t == "<br />"
}

/// Reads a Markdown text into blocks.
pub fn read(text: &str) -> Document {
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |offset: usize| line_starts.partition_point(|s| *s <= offset);
    let mut blocks = Vec::new();
    let mut open: Option<Open> = None;
    let mut heading: Option<u8> = None;
    let mut lists = 0u8;
    let mut items: Vec<bool> = Vec::new(); // per open item: already flushed
    let mut strong = 0usize;
    let mut table: Option<Table> = None;
    let mut row: Vec<Cell> = Vec::new();
    let mut cell: Option<Open> = None;

    let flush = |open: &mut Option<Open>,
                 blocks: &mut Vec<Block>,
                 heading: Option<u8>,
                 item: Option<u8>| {
        if let Some(o) = open.take() {
            let para = o.para();
            if !ropa_model::text::has_content(&para.text) {
                return;
            }
            let kind = match (heading, item) {
                (Some(level), _) => Kind::Heading {
                    level,
                    text: para.text,
                },
                (None, Some(level)) => Kind::Item { level, para },
                (None, None) => Kind::Paragraph(para),
            };
            blocks.push(Block {
                kind,
                place: Place::Line(o.line),
            });
        }
    };
    let item_level =
        |lists: u8, items: &[bool]| (!items.is_empty()).then(|| lists.saturating_sub(1));

    for (ev, range) in Parser::new_ext(text, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH)
        .into_offset_iter()
    {
        let line = line_of(range.start);
        match ev {
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some(level as u8);
                open = Some(Open {
                    line,
                    ..Default::default()
                });
            }
            Event::End(TagEnd::Heading(_)) => {
                flush(&mut open, &mut blocks, heading, None);
                heading = None;
            }
            Event::Start(Tag::Paragraph) => {
                if open.is_none() {
                    open = Some(Open {
                        line,
                        ..Default::default()
                    });
                } else if let Some(o) = &mut open {
                    o.runs.push(("\n".into(), false));
                }
            }
            Event::End(TagEnd::Paragraph) if items.is_empty() => {
                flush(&mut open, &mut blocks, None, None);
            }
            Event::Start(Tag::List(_)) => {
                // an item's own text comes before its nested list
                if !items.is_empty() {
                    flush(&mut open, &mut blocks, None, item_level(lists, &items));
                    if let Some(done) = items.last_mut() {
                        *done = true;
                    }
                }
                lists += 1;
            }
            Event::End(TagEnd::List(_)) => lists = lists.saturating_sub(1),
            Event::Start(Tag::Item) => {
                items.push(false);
                open = Some(Open {
                    line,
                    ..Default::default()
                });
            }
            Event::End(TagEnd::Item) => {
                flush(&mut open, &mut blocks, None, item_level(lists, &items));
                items.pop();
            }
            Event::Start(Tag::Strong) => strong += 1,
            Event::End(TagEnd::Strong) => strong = strong.saturating_sub(1),
            Event::Start(Tag::Table(_)) => {
                table = Some(Table::default());
            }
            Event::End(TagEnd::Table) => {
                if let Some(t) = table.take() {
                    blocks.push(Block {
                        kind: Kind::Table(t),
                        place: Place::Line(line),
                    });
                }
            }
            Event::Start(Tag::TableHead) | Event::Start(Tag::TableRow) => row.clear(),
            Event::End(TagEnd::TableHead) | Event::End(TagEnd::TableRow) => {
                if let Some(t) = &mut table {
                    t.rows.push(std::mem::take(&mut row));
                }
            }
            Event::Start(Tag::TableCell) => {
                cell = Some(Open {
                    line,
                    ..Default::default()
                })
            }
            Event::End(TagEnd::TableCell) => {
                if let Some(c) = cell.take() {
                    let p = c.para();
                    let col = row.len() + 1;
                    row.push(Cell {
                        text: p.text,
                        lead: p.lead,
                        span: 1,
                        merged_copy: false,
                        place: Place::Cell {
                            sheet: None,
                            row: c.line,
                            col,
                        },
                    });
                }
            }
            Event::Text(t) | Event::Code(t) => {
                let target = cell.as_mut().or(open.as_mut());
                match target {
                    Some(o) => o.runs.push((t.into_string(), strong > 0)),
                    None => {
                        // text outside any block (a lazy line): a paragraph of its own
                        blocks.push(Block {
                            kind: Kind::Paragraph(Para::plain(t.into_string())),
                            place: Place::Line(line),
                        });
                    }
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(o) = cell.as_mut().or(open.as_mut()) {
                    o.runs.push(("\n".into(), strong > 0));
                }
            }
            Event::InlineHtml(h) | Event::Html(h) => {
                let s = if is_break(&h) {
                    "\n".to_string()
                } else {
                    h.into_string()
                };
                match cell.as_mut().or(open.as_mut()) {
                    Some(o) => o.runs.push((s, strong > 0)),
                    None if ropa_model::text::has_content(&s) => blocks.push(Block {
                        kind: Kind::Paragraph(Para::plain(s.trim())),
                        place: Place::Line(line),
                    }),
                    None => {}
                }
            }
            _ => {}
        }
    }
    flush(&mut open, &mut blocks, heading, None);
    Document { blocks }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_bullets_with_lead_ins_and_gfm_tables() {
        let d = read(
            "# Register\n\nController: Acme\n\n## Activity 1 — Payroll\n\n- **Purpose:** pay staff\n- **Data subjects**:\n  - employees\n  - interns\n\n| **Rubrique** | Détail |\n|---|---|\n| **Finalité** | a<br>b \\| c |\n",
        );
        assert_eq!(
            d.blocks[0].kind,
            Kind::Heading {
                level: 1,
                text: "Register".into()
            }
        );
        assert_eq!(d.blocks[1].place, Place::Line(3));
        let Kind::Item { level: 0, para } = &d.blocks[3].kind else {
            panic!("{:?}", d.blocks[3])
        };
        assert_eq!(para.lead.as_deref(), Some("Purpose:"));
        assert_eq!(para.text, "Purpose: pay staff");
        assert!(
            matches!(&d.blocks[5].kind, Kind::Item { level: 1, para } if para.text == "employees")
        );
        let Some(Kind::Table(t)) = d.blocks.last().map(|b| &b.kind) else {
            panic!()
        };
        assert_eq!(t.rows[1][0].lead.as_deref(), Some("Finalité"));
        assert_eq!(t.rows[1][1].text, "a\nb | c");
    }
}
