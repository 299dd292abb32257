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
        let message = format!(
            "{} {} {}",
            c.a.extra.len(),
            c.tr(
                "valeur(s) du registre sans rubrique de l'article 30, gardées dans la feuille « Non mappé » de register.xlsx.",
                "value(s) of the register with no Article 30 field, kept in the “Unmapped” sheet of register.xlsx."
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
    }
}
