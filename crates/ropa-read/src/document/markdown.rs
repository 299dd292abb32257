//! Markdown (`.md`, CommonMark with GFM tables) through pulldown-cmark: ATX and Setext
//! headings, paragraphs with their bold lead-ins, nested list items, pipe tables (`<br>`
//! in a cell is a line break, `\|` a pipe). Each block's place is its line.

use super::{Block, Cell, Document, Kind, Para, Table, lead_of, tidy};
use super::{CHECKED, UNCHECKED};
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};
use rayon::prelude::*;
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

/// Reads a Markdown text into blocks; a long one in parts, on every core (see [`parts`]).
pub fn read(text: &str) -> Document {
    let overflowed = Document {
        blocks: Vec::new(),
        overflowed: true,
        repaired: 0,
    };
    if super::too_many_lines(text) {
        return overflowed;
    }
    let line_starts = line_starts(text);
    let parts = parts(text, PART);
    let several = parts.len() > 1;
    let read: Vec<Option<Vec<Block>>> = parts
        .into_par_iter()
        .map(|part| read_part(text, part, &line_starts))
        .collect();
    let mut blocks = Vec::new();
    for part in read {
        match part {
            // past the cap, refused: a whole text is refused as soon as it goes past it
            Some(b) if !several || blocks.len() + b.len() <= super::MAX_BLOCKS => blocks.extend(b),
            _ => return overflowed,
        }
    }
    Document {
        blocks,
        overflowed: false,
        repaired: 0,
    }
}

/// Where each line of a text starts (byte offsets), to give a block its line.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

/// How long a part of a long text read on its own is at least.
const PART: usize = 1 << 18;

/// The parts of at least `part` bytes a text is read in, as byte ranges: cut before a
/// heading at the start of a line after a blank line (`\n\n## …`), where every CommonMark
/// block but a fenced code block, an HTML block and a link reference definition has
/// ended. A text that holds one of those (or is short) is one part.
fn parts(text: &str, part: usize) -> Vec<(usize, usize)> {
    let whole = vec![(0, text.len())];
    // a link definition may stand in a quote or an item, or over lines: any `]:` reads whole
    if text.len() < 2 * part || text.contains("]:") || text.lines().any(spans_a_heading) {
        return whole;
    }
    let mut cuts = vec![0];
    let mut from = part;
    while let Some(cut) = next_cut(text, from) {
        cuts.push(cut);
        from = cut + part;
    }
    cuts.push(text.len());
    cuts.windows(2).map(|w| (w[0], w[1])).collect()
}

/// Whether a line may open a block that a heading after a blank line does not end: a
/// code fence, HTML (a comment or `<pre>` runs to its end mark). Any indentation counts:
/// a part too few is only slower. (Link reference definitions are found by their `]:`.)
fn spans_a_heading(line: &str) -> bool {
    let l = line.trim_start();
    l.starts_with("```") || l.starts_with("~~~") || l.starts_with('<')
}

/// The first place at or after byte `from` where a part can start: the start of an ATX
/// heading's line (`#` to `######`, then a space or the line's end) after a blank line.
fn next_cut(text: &str, from: usize) -> Option<usize> {
    let mut from = from;
    while from < text.len() && !text.is_char_boundary(from) {
        from += 1;
    }
    let rest = text.get(from..)?;
    rest.match_indices("\n#").find_map(|(i, _)| {
        let at = from + i + 1;
        let before = text[..at - 1].strip_suffix('\r').unwrap_or(&text[..at - 1]);
        let blank_before = before.ends_with('\n');
        let marks = text[at..].bytes().take_while(|b| *b == b'#').count();
        let after = text.as_bytes().get(at + marks);
        let heading = marks <= 6 && after.is_none_or(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'));
        (blank_before && heading).then_some(at)
    })
}

/// Reads the part `start..end` of a text into blocks; `None` past [`super::MAX_BLOCKS`].
fn read_part(
    text: &str,
    (start, end): (usize, usize),
    line_starts: &[usize],
) -> Option<Vec<Block>> {
    let mut r = Reading::default();
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    for (ev, range) in Parser::new_ext(&text[start..end], options).into_offset_iter() {
        if r.blocks.len() > super::MAX_BLOCKS {
            return None;
        }
        let line = line_starts.partition_point(|s| *s <= start + range.start);
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
    Some(r.blocks)
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

    /// A register of `n` activities written the ways Markdown registers are: headings
    /// of two levels, bold lead-ins, nested items, a table, a paragraph over two lines.
    fn register(n: usize) -> String {
        let mut t = String::from("# Registre\n\nResponsable : Mairie\n\n");
        for i in 0..n {
            t.push_str(&format!(
                "## Activité {i}\n\n- **Finalité :** gérer le dossier {i}\n- **Personnes concernées** :\n  - agents\n  - usagers\n\nDurée : 5 ans\nà compter du départ\n\n| Destinataire | Pays |\n|---|---|\n| Prestataire {i} | France |\n\n### Sécurité\n\nChiffrement *au repos*, `TLS`\n"
            ));
        }
        t
    }

    /// A text's blocks read whole, and read in its parts of at least `part` bytes.
    fn whole_and_in_parts(text: &str, part: usize) -> (Vec<Block>, Vec<Block>) {
        let starts = line_starts(text);
        let whole = read_part(text, (0, text.len()), &starts).unwrap_or_default();
        let in_parts = parts(text, part)
            .iter()
            .flat_map(|p| read_part(text, *p, &starts).unwrap_or_default())
            .collect();
        (whole, in_parts)
    }

    #[test]
    fn a_text_read_in_parts_gives_the_blocks_it_gives_whole() {
        let text = register(60);
        let parts = parts(&text, 500);
        assert!(parts.len() > 10, "{}", parts.len());
        // every part but the first starts at a heading after a blank line
        for (start, _) in &parts[1..] {
            assert!(text[..*start].ends_with("\n\n") && text[*start..].starts_with('#'));
        }
        let (whole, in_parts) = whole_and_in_parts(&text, 500);
        assert_eq!(whole.len(), 60 * 9 + 2);
        assert_eq!(whole, in_parts);
    }

    /// The lines Markdown registers are made of, and the ones that bend CommonMark's
    /// blocks: lazy continuations, setext underlines, quotes, indented code, breaks,
    /// tables without their delimiter row, loose lists.
    const LINES: &[&str] = &[
        "",
        "",
        "# Registre",
        "## Traitement",
        "### Sécurité",
        "#no heading",
        "####### seven",
        "- **Finalité :** paie",
        "  - agents",
        "    - détail",
        "1. premier",
        "* autre",
        "Durée : 5 ans",
        "suite du paragraphe",
        "Titre",
        "=====",
        "-----",
        "> citation",
        ">",
        "    code indenté",
        "| a | b |",
        "|---|---|",
        "| c | d |",
        "***",
        "texte *mis en valeur*\\",
        "- [x] Contrat",
        "\t# tab",
        "   ## trois espaces",
    ];

    proptest::proptest! {
        #[test]
        fn any_text_read_in_parts_gives_the_blocks_it_gives_whole(
            picks in proptest::collection::vec(0..LINES.len(), 0..400),
            part in 1usize..200,
        ) {
            let text: String = picks.iter().map(|&i| format!("{}\n", LINES[i])).collect();
            let (whole, in_parts) = whole_and_in_parts(&text, part);
            proptest::prop_assert_eq!(whole, in_parts);
        }
    }

    #[test]
    fn a_text_with_a_block_that_can_run_over_a_heading_is_read_whole() {
        let base = register(60);
        // a code fence, a comment, a link definition: a `## …` after a blank line inside
        // them is no heading, or the text's links need it
        for odd in [
            "```\n\n## not a heading\n```\n",
            "<!-- note\n\n## not a heading\n-->\n",
            "[cnil]: https://www.cnil.fr\n",
            "> [cnil]: https://www.cnil.fr\n",
            "- [cnil\nfrance]: https://www.cnil.fr\n",
        ] {
            let text = format!("{odd}\n{base}");
            assert_eq!(parts(&text, 500), vec![(0, text.len())]);
        }
        // a short text is one part
        assert_eq!(parts(&base, base.len()), vec![(0, base.len())]);
    }

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
