//! Plain text as blocks: headings are lines underlined (`====`, `----`), lines that follow
//! a rule of dashes, or short lines in capitals standing alone; `- ` and `• ` lines are
//! list items; indented lines continue the line above; `label<TAB>value` lines carry the
//! label as their lead-in. Each block's place is its line.

use super::{Block, Document, Kind, Para};
use ropa_model::Place;

fn is_rule(line: &str) -> Option<char> {
    let t = line.trim();
    let c = t.chars().next()?;
    (t.chars().count() >= 3
        && matches!(c, '-' | '=' | '_' | '*' | '~' | '#')
        && t.chars().all(|x| x == c))
    .then_some(c)
}

fn is_capitals(line: &str) -> bool {
    let letters: Vec<char> = line.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 4 && letters.iter().all(|c| !c.is_lowercase()) && line.chars().count() <= 100
}

fn bullet(line: &str) -> Option<(&str, u8)> {
    let indent = line.len() - line.trim_start().len();
    let t = line.trim_start();
    ["- ", "* ", "• ", "– ", "o "]
        .iter()
        .find_map(|b| t.strip_prefix(b))
        .map(|rest| (rest.trim(), (indent / 2).min(8) as u8))
}

/// Whether a line reads `Label: value` or `label<TAB>value`: under a short line that
/// follows a blank one, it makes that line the title of a block.
fn labelled(line: Option<&&str>) -> bool {
    line.is_some_and(|l| {
        let t = l.trim();
        let label = t.split([':', '\t']).next().unwrap_or_default();
        (t.contains(':') || t.contains('\t'))
            && !label.is_empty()
            && label.split_whitespace().count() <= 8
            && bullet(l).is_none()
    })
}

/// The text of a banner line, decorated on both sides (`=== TRAITEMENT 2 : PAIE ===`,
/// `--- ACTIVITY 3 ---`, `*** Fiche 4 ***`): a title whatever it holds, colons included.
fn banner(line: &str) -> Option<&str> {
    let t = line.trim();
    let c = t.chars().next()?;
    if !matches!(c, '=' | '-' | '*' | '#' | '~' | '_' | '+') {
        return None;
    }
    let inner = t.trim_start_matches(c);
    let lead = t.len() - inner.len();
    let inner = inner.trim_end_matches(c);
    let tail = t.len() - lead - inner.len();
    let inner = inner.trim();
    (lead >= 2 && tail >= 2 && inner.chars().any(char::is_alphanumeric)).then_some(inner)
}

/// The cells of a line that each read `Label: value`, when there are two or more: a
/// sheet's row that states two facts side by side (`Controller: X`, `DPO: Y`), not a
/// label and its value.
fn pairs_side_by_side(line: &str) -> Option<Vec<&str>> {
    let cells: Vec<&str> = line
        .split('\t')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    let stated = |c: &&str| {
        c.split_once(':').is_some_and(|(label, value)| {
            let words = label.split_whitespace().count();
            (1..=6).contains(&words) && !value.trim().is_empty()
        })
    };
    (cells.len() >= 2 && cells.iter().all(stated)).then_some(cells)
}

/// Reads plain text into blocks.
pub fn read(text: &str) -> Document {
    let lines: Vec<&str> = text.lines().map(|l| l.trim_end_matches('\r')).collect();
    let blank = |i: usize| lines.get(i).is_none_or(|l| l.trim().is_empty());
    let mut blocks: Vec<Block> = Vec::new();
    let mut after_rule = false;
    let mut last_was_text = false;
    for (i, line) in lines.iter().enumerate() {
        let place = Place::Line(i + 1);
        if line.trim().is_empty() {
            last_was_text = false;
            continue;
        }
        if let Some(c) = is_rule(line) {
            // an underline about as long as the line above makes it a heading; a longer
            // rule after a `Label: value` line only separates blocks
            if i > 0
                && !blank(i - 1)
                && last_was_text
                && matches!(c, '=' | '-')
                && let Some(Block {
                    kind: Kind::Paragraph(p),
                    ..
                }) = blocks.last()
                && !p.text.contains('\n')
                && line.trim().chars().count() <= p.text.chars().count() * 3 / 2 + 3
                && !p.text.contains(": ")
            {
                let text = p.text.clone();
                if let Some(last) = blocks.last_mut() {
                    last.kind = Kind::Heading {
                        level: if c == '=' { 1 } else { 2 },
                        text,
                    };
                }
                after_rule = false;
            } else {
                after_rule = true;
            }
            last_was_text = false;
            continue;
        }
        let indented = line.starts_with([' ', '\t']);
        if indented && last_was_text && bullet(line).is_none() {
            // a continuation of the block above
            if let Some(b) = blocks.last_mut() {
                match &mut b.kind {
                    Kind::Paragraph(p) | Kind::Item { para: p, .. } => {
                        p.text.push('\n');
                        p.text.push_str(line.trim());
                        continue;
                    }
                    _ => {}
                }
            }
        }
        let t = line.trim();
        if let Some(pairs) = pairs_side_by_side(t) {
            // `Controller: X<TAB>DPO: Y` (two cells of a sheet's row): two statements
            for pair in pairs {
                blocks.push(Block {
                    kind: Kind::Paragraph(Para::plain(pair)),
                    place: place.clone(),
                });
            }
            after_rule = false;
            last_was_text = true;
            continue;
        }
        let kind = if let Some(title) = banner(t) {
            Kind::Heading {
                level: 2,
                text: title.to_string(),
            }
        } else if let Some((rest, level)) = bullet(line) {
            Kind::Item {
                level,
                para: Para::plain(rest),
            }
        } else if (after_rule || (blank(i.wrapping_sub(1)) && labelled(lines.get(i + 1))))
            && !t.contains(':')
            && !t.contains('\t')
            && t.chars().count() <= 120
        {
            Kind::Heading {
                level: 2,
                text: t.to_string(),
            }
        } else if is_capitals(t)
            && blank(i.wrapping_sub(1))
            && (blank(i + 1) || lines.get(i + 1).is_some_and(|l| is_rule(l).is_some()))
            && i > 0
        {
            Kind::Heading {
                level: 1,
                text: t.to_string(),
            }
        } else if let Some((label, _)) = t.split_once('\t') {
            Kind::Paragraph(Para {
                text: t.to_string(),
                lead: Some(label.trim().to_string()),
            })
        } else {
            Kind::Paragraph(Para::plain(t))
        };
        after_rule = false;
        last_was_text = true;
        blocks.push(Block { kind, place });
    }
    Document {
        blocks,
        overflowed: false,
        repaired: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_statements_side_by_side_are_two_paragraphs() {
        let doc =
            read("Controller: Acme Ltd\tDPO: Jo Bloggs (dpo@acme.example)\nPurpose\tPay staff\n");
        let texts: Vec<String> = doc
            .blocks
            .iter()
            .filter_map(|b| match &b.kind {
                Kind::Paragraph(p) => Some(p.text.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(
            texts,
            [
                "Controller: Acme Ltd",
                "DPO: Jo Bloggs (dpo@acme.example)",
                "Purpose\tPay staff"
            ]
        );
    }

    #[test]
    fn banners_decorated_on_both_sides_are_titles() {
        let d = read(
            "=== TRAITEMENT 2 : PAIE ===\nFinalité\tpayer\n--- ACTIVITY 3 ---\n- item\n----\n",
        );
        let heading = |i: usize| match &d.blocks[i].kind {
            Kind::Heading { text, .. } => Some(text.as_str()),
            _ => None,
        };
        assert_eq!(heading(0), Some("TRAITEMENT 2 : PAIE"));
        assert_eq!(heading(2), Some("ACTIVITY 3"));
        assert_eq!(
            banner("- item -"),
            None,
            "one dash is a bullet, not a banner"
        );
    }

    #[test]
    fn underlines_rules_capitals_bullets_and_continuations() {
        let d = read(
            "REGISTER\n========\nController: Acme\n\nPART A - OUR OWN PROCESSING\n\n-----\nActivity 1 - Payroll\nPurpose: pay\n    and declare\n- item\n",
        );
        assert_eq!(
            d.blocks[0].kind,
            Kind::Heading {
                level: 1,
                text: "REGISTER".into()
            }
        );
        assert_eq!(
            d.blocks[2].kind,
            Kind::Heading {
                level: 1,
                text: "PART A - OUR OWN PROCESSING".into()
            }
        );
        assert_eq!(
            d.blocks[3].kind,
            Kind::Heading {
                level: 2,
                text: "Activity 1 - Payroll".into()
            }
        );
        assert_eq!(
            d.blocks[4].kind,
            Kind::Paragraph(Para::plain("Purpose: pay\nand declare"))
        );
        assert_eq!(d.blocks[4].place, Place::Line(9));
        assert!(matches!(&d.blocks[5].kind, Kind::Item { para, .. } if para.text == "item"));
    }

    #[test]
    fn block_titles_from_rules_and_blank_lines() {
        // a long rule after a `Label: value` line separates blocks, it does not underline
        let e = read(
            "Retention: 6 years\n----------------------------------------\nActivity 2 - CRM\nPurpose: sell\n",
        );
        assert_eq!(
            e.blocks[1].kind,
            Kind::Heading {
                level: 2,
                text: "Activity 2 - CRM".into()
            }
        );
        // a short line after a blank one, over `Label: value` lines, titles a block
        let f = read(
            "Register\n\nMembership\nPurpose: sell\nRetention: 2 years\n\nCCTV\nPurpose: security\n",
        );
        assert_eq!(
            f.blocks[1].kind,
            Kind::Heading {
                level: 2,
                text: "Membership".into()
            }
        );
        assert_eq!(
            f.blocks[4].kind,
            Kind::Heading {
                level: 2,
                text: "CCTV".into()
            }
        );
        assert_eq!(f.blocks[0].kind, Kind::Paragraph(Para::plain("Register")));
    }
}
