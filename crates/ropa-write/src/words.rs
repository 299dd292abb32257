//! The words of what the stages said ([`Said`]): notes, reasons and label matches, in
//! the run's language. The one place they are worded, so a French run says them in
//! French and an English run in English, on the console and in every file.

use ropa_model::{Lang, Match, MatchKind, Said, Why};
use std::borrow::Cow;

/// A place the readers wrote (« ligne 12 »), in the run's language.
pub fn place(text: &str, lang: Lang) -> Cow<'_, str> {
    ropa_model::place::place_in(text, lang)
}

/// A source label, in the run's language when the reader wrote it (« (titre) »); the
/// client's own label as it is.
pub fn label(text: &str, lang: Lang) -> Cow<'_, str> {
    ropa_read::reader_words_in(text, lang)
}

/// A remark or reason of a stage, in words.
pub fn said(s: &Said, lang: Lang) -> String {
    let fr = lang == Lang::Fr;
    let pick = |f: String, e: String| if fr { f } else { e };
    match s {
        Said::Written(t) => t.clone(),
        Said::Match(m) => matched(m, lang),
        Said::Layout { shape, why: w } => pick(
            format!("disposition « {shape} » : {}", why(w, lang)),
            format!("layout “{shape}”: {}", why(w, lang)),
        ),
        Said::RunnerUp {
            shape,
            activities,
            fields,
            fewer_activities,
        } => pick(
            format!(
                "autre lecture possible : disposition « {shape} », {activities} activité(s) et {fields} champ(s) reconnus ; écartée : {}",
                if *fewer_activities {
                    "elle trouve moins d'activités"
                } else {
                    "autant d'activités, moins de champs reconnus"
                }
            ),
            format!(
                "other possible reading: layout “{shape}”, {activities} activities and {fields} fields recognised; set aside: {}",
                if *fewer_activities {
                    "it finds fewer activities"
                } else {
                    "as many activities, fewer fields recognised"
                }
            ),
        ),
        Said::OutsideActivities {
            section,
            why: inner,
        } => pick(
            format!(
                "hors des activités (« {} ») : {}",
                label(section, lang),
                said(inner, lang)
            ),
            format!(
                "outside the activities (“{}”): {}",
                label(section, lang),
                said(inner, lang)
            ),
        ),
        Said::Inferred {
            layout,
            share,
            draft,
            weak_below,
        } => inferred(layout, *share, draft, *weak_below, lang),
        Said::IdentityNamedElsewhere { field, by } => pick(
            format!("seulement proche de {field}, que « {by} » donne déjà : gardé dans extra"),
            format!("only near {field}, which “{by}” gives already: kept in extra"),
        ),
        Said::CellEdited { .. }
        | Said::UnknownColumn { .. }
        | Said::NewActivity { .. }
        | Said::CopiedActivity { .. }
        | Said::ActivitiesDeleted(_)
        | Said::DetailSheetEdited { .. }
        | Said::UnchangedCopy { .. }
        | Said::RowsOfUnknownActivity { .. }
        | Said::DetailAndRegistreEdited { .. }
        | Said::SheetNotReadBack { .. }
        | Said::UnknownId { .. }
        | Said::MissingIdColumn { .. }
        | Said::MixedSet { .. } => {
            let [fr, en] = reread(s);
            if fr_run(lang) { fr } else { en }
        }
        other => note_or_reason(other, lang),
    }
}

fn fr_run(lang: Lang) -> bool {
    lang == Lang::Fr
}

/// What a register ropa wrote, edited and read back, says: its edits and its notes.
fn reread(s: &Said) -> [String; 2] {
    match s {
        Said::CellEdited { cell, field } => [
            format!("Registre!{cell} ({field})"),
            format!("Registre!{cell} ({field})"),
        ],
        Said::UnknownColumn { cell } => [
            format!("Registre!{cell} : une colonne que ropa ne connaît pas"),
            format!("Registre!{cell}: a column ropa does not know"),
        ],
        Said::NewActivity { row } => [
            format!("Registre ligne {row} : une nouvelle activité"),
            format!("Registre row {row}: a new activity"),
        ],
        Said::CopiedActivity { row, of } => [
            format!(
                "Registre ligne {row} : une nouvelle activité, copiée de l'activité {of} (ses cellules modifiées suivent)"
            ),
            format!(
                "Registre row {row}: a new activity, copied from activity {of} (its changed cells follow)"
            ),
        ],
        Said::ActivitiesDeleted(n) => [
            format!("{n} activité(s) supprimée(s) de Registre"),
            format!("{n} activities deleted from Registre"),
        ],
        Said::DetailSheetEdited { sheet, id } => [
            format!("feuille {sheet} (activité {id})"),
            format!("sheet {sheet} (activity {id})"),
        ],
        Said::UnchangedCopy { row, of } => [
            format!(
                "Registre ligne {row} : une copie inchangée de la ligne {of} ; elle est lue une fois"
            ),
            format!("Registre row {row}: an unchanged copy of row {of}; it is read once"),
        ],
        Said::RowsOfUnknownActivity {
            sheet,
            rows,
            who,
            first,
        } => [
            format!(
                "feuille {sheet} : {rows} ligne(s) nomment l'activité {who}, qui n'est pas dans Registre ; elles ne sont pas lues (la première à la ligne {first})"
            ),
            format!(
                "sheet {sheet}: {rows} row(s) name activity {who}, which is not in Registre; they are not read (first at row {first})"
            ),
        ],
        Said::DetailAndRegistreEdited { sheet, id } => [
            format!(
                "feuille {sheet} : les lignes de l'activité {id} ont été modifiées, et sa cellule de Registre aussi ; la cellule de Registre est gardée"
            ),
            format!(
                "sheet {sheet}: the rows of activity {id} were edited, and so was its Registre cell; the Registre cell is kept"
            ),
        ],
        Said::SheetNotReadBack { sheet, row } => [
            format!(
                "la feuille {sheet} a été modifiée (d'abord à la ligne {row}) ; ropa ne relit pas cette feuille : faites la modification dans Registre ou une feuille de détail"
            ),
            format!(
                "sheet {sheet} was changed (first at row {row}); ropa does not read that sheet back: make the change in Registre or a detail sheet"
            ),
        ],
        Said::UnknownId { row, id } => [
            format!(
                "Registre ligne {row} : l'ID `{id}` n'est pas un de ceux que ropa a écrits dans ce registre ; la ligne est lue comme une nouvelle activité"
            ),
            format!(
                "Registre row {row}: the ID `{id}` is not one ropa wrote in this register; the row is read as a new activity"
            ),
        ],
        Said::MissingIdColumn { column, sheet } => [
            format!(
                "la colonne {column} de `{sheet}` manque : les lignes ont été rapprochées des activités écrites par ropa par leur nom ; une ligne qui n'en rejoint aucune est lue comme une nouvelle activité"
            ),
            format!(
                "the {column} column of `{sheet}` is missing: rows were matched to the activities ropa wrote by their name; a row that matches none is read as a new activity"
            ),
        ],
        Said::MixedSet {
            json_time,
            xlsx_time,
        } => [
            format!(
                "le register.json voisin a été écrit par une autre exécution ({json_time}, et non {xlsx_time} comme ce classeur) : les deux fichiers ne forment pas un ensemble ; c'est ce classeur qui a été lu"
            ),
            format!(
                "register.json beside it was written by another run ({json_time}, not {xlsx_time} as this workbook): the two files are not one set; this workbook is what was read"
            ),
        ],
        other => [format!("{other:?}"), format!("{other:?}")],
    }
}

/// The notes of the readers and the reasons a value was set aside.
fn note_or_reason(s: &Said, lang: Lang) -> String {
    let [fr, en] = match s {
        Said::Format { kind, workbook } => match workbook {
            true => [format!("classeur {kind}"), format!("{kind} workbook")],
            false => [format!("document {kind}"), format!("{kind} document")],
        },
        Said::InvalidBytes(n) => [
            format!(
                "{n} séquence(s) d'octets invalides de ce fichier UTF-8 remplacée(s) par « � » ; cherchez ce signe dans les sorties et corrigez ces endroits dans la source"
            ),
            format!(
                "{n} invalid byte sequence(s) of this UTF-8 file replaced by “�”; look for that sign in the outputs, and fix those places in the source"
            ),
        ],
        Said::DoubleEncoded(n) => [
            format!(
                "texte UTF-8 enregistré deux fois (« Ã© » pour « é ») : {n} caractère(s) rétabli(s) ; la source garde ses caractères doublés, corrigez-la en l'enregistrant en UTF-8"
            ),
            format!(
                "UTF-8 text saved twice (“Ã©” for “é”): {n} character(s) mended; the source keeps its doubled characters, fix it by saving it as UTF-8"
            ),
        ],
        Said::AnswerWrapper { words, values } => [
            format!(
                "« {words} » : les mots dont l'outil entoure chaque réponse, retirés de {values} valeur(s)"
            ),
            format!(
                "“{words}”: the words the tool wraps every answer in, taken off {values} values"
            ),
        ],
        Said::ReadByValues { label, values } => [
            format!(
                "« {label} » : {values} valeur(s) lue(s) comme catégories de données, parce que leurs éléments sont des données (nom, adresse…) et que l'activité n'en a pas d'autres"
            ),
            format!(
                "“{label}”: {values} values read as the data categories, because their items are data (name, address…) and the activity has none other"
            ),
        ],
        Said::SummaryMerged(n) => [
            format!(
                "{n} activité(s) du tableau de synthèse retrouvée(s) dans leur fiche : lues une fois, les champs des deux réunis"
            ),
            format!(
                "{n} activities of the summary table found again in their own sections: read once, the fields of both merged"
            ),
        ],
        Said::SheetAsRegisterValues { values, sheet } => [
            format!(
                "{values} valeur(s) de la feuille `{sheet}` gardée(s) comme valeurs du registre entier (ce n'est pas la feuille du registre)"
            ),
            format!(
                "{values} values of sheet `{sheet}` kept as register-level values (not the register sheet)"
            ),
        ],
        Said::ReversedBlock { block, line } => [
            format!(
                "bloc {block} (ligne {line}) : ses lignes sont en ordre inverse ; lues de bas en haut"
            ),
            format!(
                "block {block} (line {line}) has its rows in reverse order; read bottom to top"
            ),
        ],
        Said::ChosenByContent { found, of } => [
            format!(
                "mapping choisi par son contenu : {found} de ses {of} libellés trouvés dans le fichier"
            ),
            format!("mapping chosen by content: {found} of its {of} labels found in the file"),
        ],
        Said::HeaderWithoutActivities { row } => [
            format!("le tableau a une ligne d'en-tête (ligne {row}) mais aucune activité dessous"),
            format!("the table has a header (row {row}) but no activity under it"),
        ],
        Said::MergedCells(n) => [
            format!("{n} cellule(s) de zones fusionnées ont reçu la valeur fusionnée"),
            format!("{n} cells of merged regions given the merged value"),
        ],
        Said::FilledDown(n) => [
            format!("{n} cellule(s) vide(s) remplie(s) avec la valeur du dessus"),
            format!("{n} blank cells filled down from the value above"),
        ],
        Said::FormulaError(e) => [
            format!(
                "la cellule affiche l'erreur de formule {e}, pas une valeur ; corrigez la formule dans le classeur, ou tapez la valeur dans la cellule"
            ),
            format!(
                "the cell shows the formula error {e}, not a value; fix the formula in the workbook, or type the value in the cell"
            ),
        ],
        Said::SheetJoined { sheet, key, rows } => [
            format!(
                "feuille « {sheet} » : {rows} ligne(s) rattachée(s) à leur activité par la colonne « {key} »"
            ),
            format!(
                "sheet “{sheet}”: {rows} row(s) joined to their activity by the column “{key}”"
            ),
        ],
        Said::JoinKey(sheet) => [
            format!("clé qui rattache la ligne de la feuille « {sheet} » à son activité"),
            format!("the key that joins the row of sheet “{sheet}” to its activity"),
        ],
        Said::JoinedRowWithoutActivity(sheet) => [
            format!(
                "ligne de la feuille « {sheet} » dont la clé ne désigne aucune activité : vérifiez la clé, ou ajoutez l'activité"
            ),
            format!(
                "row of sheet “{sheet}” whose key names no activity: check the key, or add the activity"
            ),
        ],
        Said::HiddenSheet(sheet) => [
            format!("dans la feuille masquée `{sheet}`"),
            format!("in the hidden sheet `{sheet}`"),
        ],
        Said::SkipRule(re) => [
            format!("ligne écartée par la règle [layout] skip « {re} »"),
            format!("line set aside by the [layout] skip rule “{re}”"),
        ],
        Said::OptionAnsweredNo(o) => [
            format!("option « {o} » répondue non"),
            format!("option “{o}” answered no"),
        ],
        Said::RegisterValueNotTaken { field } => [
            format!(
                "valeur du registre pour « {field} », non reprise : chaque activité a la sienne"
            ),
            format!("register-level value for “{field}”, not taken: each activity has its own"),
        ],
        other => match fixed(other) {
            Some(t) => t.map(str::to_string),
            // every other kind is worded by `said` before it comes here
            None => [format!("{other:?}"), format!("{other:?}")],
        },
    };
    if lang == Lang::Fr { fr } else { en }
}

/// The reasons that are the same words every time, in French and in English.
fn fixed(s: &Said) -> Option<[&'static str; 2]> {
    Some(match s {
        Said::IsolatedCell => [
            "une cellule isolée, loin du tableau (colonne ou ligne hors de portée) : gardée à part ; déplacez-la près du tableau si elle en fait partie",
            "a cell far from the table (column or row out of range): kept apart; move it near the table if it belongs to it",
        ],
        Said::TitleNumbering => [
            "numérotation du titre (le numéro est la référence)",
            "the title's numbering (the number is the reference)",
        ],
        Said::Unanswered => [
            "phrase répétée de l'outil qui dit que la réponse manque : le champ est vide",
            "a sentence the tool repeats where no answer was given: the field is empty",
        ],
        Said::SummaryRepeat => [
            "répète le nom ou le numéro que donne la fiche de l'activité (tableau de synthèse)",
            "repeats the name or number the activity's own section gives (summary table)",
        ],
        Said::UncheckedBox => ["case non cochée", "box not ticked"],
        Said::TemplateSubheading => [
            "intertitre du modèle de fiche",
            "sub-heading of the fiche template",
        ],
        Said::TableHeader => ["en-tête du tableau", "the table's header"],
        Said::QualifiesParty => [
            "dit ce qu'est le destinataire de sa ligne (interne, externe, sous-traitant) : lu avec lui",
            "says what the recipient of its row is (internal, external, processor): read with it",
        ],
        Said::HeadsDetails => [
            "catégorie de données dont le détail suit dans sa ligne : lue comme son intitulé",
            "category of data whose details follow in its row: read as their heading",
        ],
        Said::ColumnKeys => [
            "clés des colonnes pour l'outil qui a exporté le tableau (la ligne au-dessus des libellés)",
            "the exporting tool's keys for the columns (the row above the labels)",
        ],
        Said::TemplateFieldUnanswered => [
            "rubrique du modèle sans réponse",
            "a field of the template without an answer",
        ],
        Said::TableOfContents => [
            "table des matières ou navigation de la page",
            "table of contents or the page's navigation",
        ],
        Said::TableSubheading => ["intertitre du tableau", "sub-heading of the table"],
        Said::TemplateOptionEmpty => [
            "option du modèle sans contenu (case non cochée ou laissée vide)",
            "an option of the template without content (box not ticked or left empty)",
        ],
        Said::IgnoredByMapping => [
            "libellé ignoré par le mapping",
            "label ignored by the mapping",
        ],
        Said::NoLabel => ["valeur sans libellé", "value without a label"],
        Said::AddedColumn => [
            "colonne ajoutée au registre",
            "column added to the register",
        ],
        _ => return None,
    })
}

/// The evidence for a layout.
fn why(w: &Why, lang: Lang) -> String {
    let fr = lang == Lang::Fr;
    match w {
        Why::Headings {
            titles,
            level,
            min,
            max,
        } => {
            let s = if *titles > 1 { "s" } else { "" };
            if fr {
                let kind = match level {
                    0 => format!("titre{s}"),
                    l => format!("titre{s} de niveau {l}"),
                };
                format!(
                    "{titles} {kind} suivi{s} chacun d'au moins 3 rubriques reconnues (de {min} à {max})"
                )
            } else {
                let kind = match level {
                    0 => format!("title{s}"),
                    l => format!("title{s} of level {l}"),
                };
                format!(
                    "{titles} {kind}, each followed by at least 3 known fields ({min} to {max})"
                )
            }
        }
        Why::FicheTables(n) if fr => {
            format!("{n} tableaux libellé | valeur portant chacun au moins 3 rubriques reconnues")
        }
        Why::FicheTables(n) => {
            format!("{n} label | value tables, each with at least 3 known fields")
        }
        Why::Transposed(n) if fr => {
            format!("{n} colonnes d'un tableau dont la première colonne porte les rubriques")
        }
        Why::Transposed(n) => format!("{n} columns of a table whose first column holds the labels"),
        Why::TableRows(n) if fr => {
            format!("{n} lignes sous une ligne d'en-tête de rubriques reconnues")
        }
        Why::TableRows(n) => format!("{n} rows under a header row of known labels"),
        Why::FicheSheets(n) if fr => {
            format!("{n} feuille(s) disposée(s) en fiche libellé | valeur, une activité chacune")
        }
        Why::FicheSheets(n) => {
            format!("{n} sheet(s) laid out as a label | value fiche, one activity each")
        }
        Why::TransposedSheet(sheet) if fr => format!(
            "feuille `{sheet}` : une colonne par activité, les rubriques dans la première colonne"
        ),
        Why::TransposedSheet(sheet) => {
            format!("sheet `{sheet}`: one column per activity, the labels in the first column")
        }
        Why::OneRecord { fields } if fr => format!(
            "une seule activité pour tout le document : ses titres sont {fields} rubriques reconnues"
        ),
        Why::OneRecord { fields } => {
            format!("one activity for the whole document: its headings are {fields} known fields")
        }
    }
}

/// How a label matched: `synonyme → purpose`, `approché (0.91) → recipients`.
fn matched(m: &Match, lang: Lang) -> String {
    let (t, s, sc) = (&m.target, &m.second, m.score);
    if lang == Lang::Fr {
        match m.kind {
            MatchKind::Pinned => format!("épinglé → {t}"),
            MatchKind::Synonym => format!("synonyme → {t}"),
            MatchKind::Fuzzy => format!("approché ({sc:.2}) → {t}"),
            MatchKind::Stems => format!("par ses mots ({sc:.2}) → {t}"),
            MatchKind::Weak => format!("trop faible ({sc:.2}) : {t} ? gardé dans extra"),
            MatchKind::Ambiguous => format!("ambigu ({sc:.2}) : {t} ou {s} ? gardé dans extra"),
            MatchKind::Unmatched => "non reconnu, gardé dans extra".into(),
        }
    } else {
        match m.kind {
            MatchKind::Pinned => format!("pinned → {t}"),
            MatchKind::Synonym => format!("synonym → {t}"),
            MatchKind::Fuzzy => format!("close ({sc:.2}) → {t}"),
            MatchKind::Stems => format!("by its words ({sc:.2}) → {t}"),
            MatchKind::Weak => format!("too weak ({sc:.2}): {t}? kept in extra"),
            MatchKind::Ambiguous => format!("ambiguous ({sc:.2}): {t} or {s}? kept in extra"),
            MatchKind::Unmatched => "not recognised, kept in extra".into(),
        }
    }
}

/// The note of a file read with an inferred mapping.
fn inferred(layout: &str, share: f64, draft: &str, weak_below: Option<f64>, lang: Lang) -> String {
    let share = share * 100.0;
    if lang == Lang::Fr {
        let mut s = format!(
            "lu avec un mapping déduit de la structure du fichier (disposition {layout}, {share:.0} % de ses libellés reconnus) ; le brouillon est mappings/{draft} dans le dossier de sortie"
        );
        if let Some(t) = weak_below {
            s.push_str(&format!(
                ". PREUVE FAIBLE : moins de {:.0} % des libellés ont été reconnus, les activités peuvent donc être mal découpées et des rubriques laissées dans extra ; chaque valeur est gardée. Vérifiez le brouillon (ropa explain montre le rôle de chaque bloc) et passez-le avec -m une fois corrigé",
                t * 100.0
            ));
        }
        s
    } else {
        let mut s = format!(
            "read with a mapping inferred from the file's structure ({layout} layout, {share:.0} % of its labels matched); the draft is mappings/{draft} in the output folder"
        );
        if let Some(t) = weak_below {
            s.push_str(&format!(
                ". WEAK EVIDENCE: fewer than {:.0} % of the labels were recognised, so activities may be cut wrongly and fields left in extra; every value is kept. Check the draft (ropa explain shows each block's role) and pass it with -m once corrected",
                t * 100.0
            ));
        }
        s
    }
}

/// « n° » in French, « No. » in English: an activity's number in a line.
pub fn number_sign(lang: Lang) -> &'static str {
    if lang == Lang::Fr { "n°" } else { "No." }
}

/// An activity as the reports name it: `source n° 3 – Paie` (`source No. 3 – Payroll`).
pub fn activity_title(source: &str, index: usize, name: &str, lang: Lang) -> String {
    format!("{source} {} {index} – {name}", number_sign(lang))
}

/// A colon with the spacing of the language: « : » in French, « : » without the space
/// before it in English.
pub fn colon(lang: Lang) -> &'static str {
    if lang == Lang::Fr { " :" } else { ":" }
}
