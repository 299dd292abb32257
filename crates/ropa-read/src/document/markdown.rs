//! Markdown (`.md`, CommonMark with GFM tables) through pulldown-cmark: ATX and Setext
//! headings, paragraphs with their bold lead-ins, nested list items, pipe tables (`<br>`
//! in a cell is a line break, `\|` a pipe). Each block's place is its line.

use super::{Block, Cell, Document, Kind, Para, Table, lead_of, tidy};
use super::{CHECKED, UNCHECKED};
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};
use ropa_model::Place;

/// The text being gathered for one block.
#[derive(Default)]
struct Open {
    runs: Vec<(String, bool)>,
    line: usize,
}

impl Open {
    /// The gathered text as a paragraph, tidied, with its bold lead-in.
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

/// A reading under way: the blocks so far, the block and the table being gathered, and
/// the heading, lists, items and bold open around the current point.
#[derive(Default)]
struct Reading {
    blocks: Vec<Block>,
    open: Option<Open>,
    heading: Option<u8>,
    lists: u8,
    /// Per open item: whether its own text was already flushed.
    items: Vec<bool>,
    strong: usize,
    table: Option<Table>,
    row: Vec<Cell>,
    cell: Option<Open>,
}

/// Reads a Markdown text into blocks.
pub fn read(text: &str) -> Document {
    if super::too_many_lines(text) {
        return Document {
            blocks: Vec::new(),
            overflowed: true,
            repaired: 0,
        };
    }
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let mut r = Reading::default();
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    for (ev, range) in Parser::new_ext(text, options).into_offset_iter() {
        if r.blocks.len() > super::MAX_BLOCKS {
            return Document {
                blocks: Vec::new(),
                overflowed: true,
                repaired: 0,
            };
        }
        let line = line_starts.partition_point(|s| *s <= range.start);
        match ev {
            Event::Start(tag) => r.start(tag, line),
            Event::End(tag) => r.end(tag, line),
            Event::Text(t) | Event::Code(t) => r.text(t.into_string(), line),
            Event::SoftBreak | Event::HardBreak => {
                let bold = r.strong > 0;
                if let Some(o) = r.target() {
                    super::push_run(&mut o.runs, "\n", bold);
                }
            }
            Event::InlineHtml(h) | Event::Html(h) => r.html(h, line),
            // `- [x] Contrat`: the box as every reader writes it
            Event::TaskListMarker(ticked) => {
                let glyph = if ticked { CHECKED } else { UNCHECKED };
                r.text(format!("{glyph} "), line);
            }
            _ => {}
        }
    }
    r.flush(r.heading, None);
    Document {
        blocks: r.blocks,
        overflowed: false,
        repaired: 0,
    }
}

impl Reading {
    /// The block the text goes to: the cell being read, else the open block.
    fn target(&mut self) -> Option<&mut Open> {
        self.cell.as_mut().or(self.open.as_mut())
    }

    /// The nesting level of the item being read, if one is.
    fn item_level(&self) -> Option<u8> {
        (!self.items.is_empty()).then(|| self.lists.saturating_sub(1))
    }

    /// The open block made a block (a heading, an item or a paragraph), unless blank.
    fn flush(&mut self, heading: Option<u8>, item: Option<u8>) {
        if let Some(o) = self.open.take() {
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
            self.blocks.push(Block {
                kind,
                place: Place::Line(o.line),
            });
        }
    }

    /// A tag opens, on a line.
    fn start(&mut self, tag: Tag, line: usize) {
        let fresh = || {
            Some(Open {
                line,
                ..Default::default()
            })
        };
        match tag {
            Tag::Heading { level, .. } => {
                self.heading = Some(level as u8);
                self.open = fresh();
            }
            Tag::Paragraph => {
                if self.open.is_none() {
                    self.open = fresh();
                } else if let Some(o) = &mut self.open {
                    o.runs.push(("\n".into(), false));
                }
            }
            Tag::List(_) => {
                // an item's own text comes before its nested list
                if !self.items.is_empty() {
                    self.flush(None, self.item_level());
                    if let Some(done) = self.items.last_mut() {
                        *done = true;
                    }
                }
                self.lists += 1;
            }
            Tag::Item => {
                self.items.push(false);
                self.open = fresh();
            }
            Tag::Strong => self.strong += 1,
            Tag::Table(_) => self.table = Some(Table::default()),
            Tag::TableHead | Tag::TableRow => self.row.clear(),
            Tag::TableCell => self.cell = fresh(),
            _ => {}
        }
    }

    /// A tag closes, on a line.
    fn end(&mut self, tag: TagEnd, line: usize) {
        match tag {
            TagEnd::Heading(_) => {
                self.flush(self.heading, None);
                self.heading = None;
            }
            TagEnd::Paragraph if self.items.is_empty() => self.flush(None, None),
            TagEnd::List(_) => self.lists = self.lists.saturating_sub(1),
            TagEnd::Item => {
                self.flush(None, self.item_level());
                self.items.pop();
            }
            TagEnd::Strong => self.strong = self.strong.saturating_sub(1),
            TagEnd::Table => {
                if let Some(t) = self.table.take() {
                    self.blocks.push(Block {
                        kind: Kind::Table(t),
                        place: Place::Line(line),
                    });
                }
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                if let Some(t) = &mut self.table {
                    t.head |= tag == TagEnd::TableHead;
                    t.rows.push(std::mem::take(&mut self.row));
                }
            }
            TagEnd::TableCell => self.finish_cell(),
            _ => {}
        }
    }

    /// A cell read: a cell of the current row, placed at its line.
    fn finish_cell(&mut self) {
        if let Some(c) = self.cell.take() {
            let p = c.para();
            let col = self.row.len() + 1;
            self.row.push(Cell {
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

    /// Text (or code) on a line.
    fn text(&mut self, t: String, line: usize) {
        let bold = self.strong > 0;
        match self.target() {
            Some(o) => super::push_run(&mut o.runs, &t, bold),
            None => {
                // text outside any block (a lazy line): a paragraph of its own
                self.blocks.push(Block {
                    kind: Kind::Paragraph(Para::plain(t)),
                    place: Place::Line(line),
                });
            }
        }
    }

    /// HTML, inline or a block, on a line: a `<br>` is a line break, other HTML is text.
    fn html(&mut self, h: CowStr, line: usize) {
        let s = if is_break(&h) {
            "\n".to_string()
        } else {
            h.into_string()
        };
        let bold = self.strong > 0;
        match self.target() {
            Some(o) => o.runs.push((s, bold)),
            None if ropa_model::text::has_content(&s) => self.blocks.push(Block {
                kind: Kind::Paragraph(Para::plain(s.trim())),
                place: Place::Line(line),
            }),
            None => {}
        }
    }
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
