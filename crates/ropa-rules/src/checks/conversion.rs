//! What the conversion itself did to the client's values, so nothing is lost unseen: a
//! value longer than an Excel cell holds, cut in register.xlsx (excel-limit), and source
//! values with no canonical field, kept in « Non mappé » (unmapped). One family because
//! both are about the canonical register as written, not about the GDPR.

use super::Ctx;
use crate::{Finding, RuleId, Status, Subject};
use ropa_model::limits::{EXCEL_CELL_MAX, utf16_len};

/// A value longer than an Excel cell holds: cut in register.xlsx, whole in the JSON.
pub(super) fn excel_limit(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    for (field, v) in &c.a.fields {
        let len = utf16_len(&v.display_text());
        if len > EXCEL_CELL_MAX {
            let r = c.rule(RuleId::ExcelLimit);
            let message = format!("{} ({len}). {}", r.subject(c.lang), r.fix(c.lang));
            out.push(c.finding(r.id, *field, Status::Weak, message));
        }
    }
}

/// Source values with no canonical field, kept in « Non mappé ».
pub(super) fn unmapped(c: &Ctx<'_>, out: &mut Vec<Finding>) {
    if !c.a.extra.is_empty() {
        // the headings they stand under, as the client wrote them: what a reader looks for
        let mut labels: Vec<&str> = Vec::new();
        for e in &c.a.extra {
            let l = e.label.trim();
            // the reader's own labels (« (titre de la section) ») are no heading of the
            // client's
            let readers = l.starts_with('(') && l.ends_with(')');
            if !l.is_empty() && !readers && !labels.contains(&l) {
                labels.push(l);
            }
        }
        let more = labels.len() > 5;
        labels.truncate(5);
        let under = if labels.is_empty() {
            String::new()
        } else {
            format!(
                "{} « {} »{}",
                c.tr(" sous", " under"),
                labels.join(" », « "),
                if more { ", …" } else { "" }
            )
        };
        let message = format!(
            "{} {}{under}{} {}",
            c.a.extra.len(),
            c.tr(
                "valeur(s) du registre qu'aucune rubrique de l'article 30 ne reçoit",
                "value(s) of the register that no Article 30 item takes"
            ),
            c.tr(
                " (gardées à part dans register.xlsx).",
                " (kept apart in register.xlsx)."
            ),
            c.rule(RuleId::Unmapped).fix(c.lang)
        );
        out.push(c.finding(RuleId::Unmapped, Subject::Extra, Status::Weak, message));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn a_value_longer_than_a_cell() {
        let long = activity(vec![(Field::Notes, text(&"x".repeat(40_000)))]);
        assert!(fires("excel-limit", &long, &[]));
        let short = activity(vec![(Field::Notes, text(&"x".repeat(30_000)))]);
        assert!(!fires("excel-limit", &short, &[]));
    }

    #[test]
    fn values_with_no_canonical_field() {
        let mut kept = activity(vec![]);
        assert!(!fires("unmapped", &kept, &[]));
        kept.extra.push(ropa_model::Extra {
            label: "Couleur préférée".into(),
            value: "Bleu".into(),
            place: "B7".into(),
            reason: ropa_model::Said::default(),
        });
        assert!(fires("unmapped", &kept, &[]));
        // the client's heading is named, no sheet of the tool
        let out = findings(&kept);
        let f = out.iter().find(|f| f.rule == RuleId::Unmapped).unwrap();
        assert!(f.message.contains("« Couleur préférée »"), "{}", f.message);
        assert!(!f.message.contains("Non mappé"), "{}", f.message);
        // the reader's own label is not quoted as the client's
        kept.extra.push(ropa_model::Extra {
            label: "(titre de la section)".into(),
            value: "Annexe".into(),
            place: "B9".into(),
            reason: ropa_model::Said::default(),
        });
        let out = findings(&kept);
        let f = out.iter().find(|f| f.rule == RuleId::Unmapped).unwrap();
        assert!(!f.message.contains("titre de la section"), "{}", f.message);
    }
}
