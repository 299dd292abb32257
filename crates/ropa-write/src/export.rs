//! `ropa export`: the register in the formats people migrate to — a flat CSV, the CNIL
//! model (a list and one fiche per activity), the ICO template's controller sheet,
//! ciso-assistant's processings import, and
//! JSON-LD in the W3C Data Privacy Vocabulary. Each export says what it could not carry
//! (a field the target has no place for) instead of dropping it silently.

use super::{new_workbook, save, write_atomic, xlsx_error};
use ropa_model::error::{Error, Result};
use ropa_model::{ALL_FIELDS, Activity, Basis, Field, Lang, Register, Value, YesNo};
use rust_xlsxwriter::{Format, FormatAlign};
use serde_json::{Value as Json, json};
use std::collections::BTreeMap;
use std::path::Path;

/// A format `ropa export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// One row per activity, one column per field, lists joined with line breaks.
    Csv,
    /// The CNIL model register: the list of activities and one fiche per activity.
    Cnil,
    /// The UK ICO documentation template's controller sheet.
    Ico,
    /// ciso-assistant's data-import wizard, processings sheet.
    CisoAssistant,
    /// JSON-LD in the W3C Data Privacy Vocabulary (DPV 2), with a `ropa:` extension.
    Dpv,
}

impl Target {
    /// The file extensions this format is written under (the first is its own).
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Target::Csv => &["csv", "txt"],
            Target::Cnil | Target::Ico | Target::CisoAssistant => &["xlsx"],
            Target::Dpv => &["jsonld", "json"],
        }
    }

    /// Why `path` is no name for this format (an extension the format cannot write:
    /// `-o registre.ods` would be an xlsx under an .ods name), or nothing.
    pub fn wrong_extension(self, path: &Path) -> Option<String> {
        let ext = path.extension()?.to_string_lossy().to_lowercase();
        let own = self.extensions();
        (!own.contains(&ext.as_str())).then(|| own[0].to_string())
    }
}

/// How an export is written: the language of its words and, for the CSV, its delimiter.
#[derive(Clone, Debug)]
pub struct ExportOptions {
    /// The language of the CSV's header (the other formats are the tools' own).
    pub lang: Lang,
    /// The CSV's delimiter; by default the run's convention: `;` in French (what French
    /// Excel splits on), `,` in English.
    pub delimiter: Option<u8>,
    /// ciso-assistant's domain (folder) to import into, by its name; none writes no
    /// `domain` column (ciso-assistant puts an unknown name silently in the default).
    pub domain: Option<String>,
}

impl ExportOptions {
    /// The options of a run in `lang`, the delimiter its convention.
    pub fn new(lang: Lang) -> ExportOptions {
        ExportOptions {
            lang,
            delimiter: None,
            domain: None,
        }
    }

    /// The CSV's delimiter.
    pub fn delimiter(&self) -> u8 {
        self.delimiter
            .unwrap_or(if self.lang == Lang::Fr { b';' } else { b',' })
    }
}

/// What an export could not carry: field → the ids of the activities that had a value
/// for it.
pub type NotCarried = BTreeMap<Field, Vec<String>>;

/// A value as one cell's text, as a reader and ropa's reader both take it back: lists
/// one item per line, a lawful basis as written (not with ropa's article added).
pub fn cell(v: &Value) -> String {
    match v {
        Value::Basis(b) => b.text.clone(),
        other => other.display_text(),
    }
}

/// A field's value as one cell's text ([`cell`]), empty when the activity has none.
fn field_text(a: &Activity, f: Field) -> String {
    a.get(f).map(cell).unwrap_or_default()
}

/// The fields with a value that a format's `carried` fields leave out.
fn not_carried(r: &Register, carried: &[Field]) -> NotCarried {
    let mut out = NotCarried::new();
    for a in &r.activities {
        for f in a.fields.keys().filter(|f| !carried.contains(f)) {
            out.entry(*f).or_default().push(a.id.clone());
        }
    }
    out
}

/// Builds a workbook and saves it, an error of the library being the file's.
fn workbook(
    path: &Path,
    build: impl FnOnce(
        &mut rust_xlsxwriter::Workbook,
    ) -> std::result::Result<(), rust_xlsxwriter::XlsxError>,
) -> Result<()> {
    let mut wb = new_workbook().map_err(xlsx_error(path))?;
    build(&mut wb).map_err(xlsx_error(path))?;
    save(wb, path)
}

/// Writes the register in a format; returns what it could not carry. The options set the
/// CSV's header language and delimiter; the other formats are the tools' own (the CNIL
/// model in French, the ICO template in English, DPV's terms).
pub fn export(
    r: &Register,
    target: Target,
    path: &Path,
    opts: ExportOptions,
) -> Result<NotCarried> {
    match target {
        Target::Csv => csv_export(r, path, &opts),
        Target::Cnil => cnil(r, path),
        Target::Ico => ico(r, path),
        Target::CisoAssistant if path.extension().is_none() => ciso_records(r, path, &opts),
        Target::CisoAssistant => ciso_assistant(r, path, &opts),
        Target::Dpv => dpv(r, path),
    }
}

fn csv_export(r: &Register, path: &Path, opts: &ExportOptions) -> Result<NotCarried> {
    let lang = opts.lang;
    let mut w = csv::WriterBuilder::new()
        .delimiter(opts.delimiter())
        .from_writer(Vec::new());
    let write_err = |e: csv::Error| Error::Write {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    let mut header = vec!["ID".to_string()];
    header.extend(ALL_FIELDS.iter().map(|f| f.label(lang).to_string()));
    w.write_record(&header).map_err(write_err)?;
    // a client's value that starts like a formula is written as text (OWASP)
    let safe = |v: String| ropa_model::text::formula_safe(&v).into_owned();
    for a in &r.activities {
        let mut row = vec![safe(a.id.clone())];
        row.extend(ALL_FIELDS.iter().map(|f| safe(field_text(a, *f))));
        w.write_record(&row).map_err(write_err)?;
    }
    let bytes = w.into_inner().map_err(|e| Error::Write {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    // a BOM, so Excel opens the accents as UTF-8
    let mut out = "\u{feff}".as_bytes().to_vec();
    out.extend(bytes);
    write_atomic(path, &out)?;
    Ok(NotCarried::new())
}

/// The CNIL model's headings of a fiche, each with its field (the model's own words).
const CNIL_FICHE: &[(&str, Field)] = &[
    ("Nom / sigle de l'activité", Field::Name),
    ("Référence", Field::Ref),
    ("Date de création de la fiche", Field::Created),
    ("Date de dernière mise à jour de la fiche", Field::Updated),
    ("Nom du responsable du traitement", Field::ControllerName),
    ("Adresse du responsable", Field::ControllerAddress),
    ("Contact du responsable", Field::ControllerContact),
    ("Délégué à la protection des données", Field::DpoName),
    ("Contact du DPO", Field::DpoContact),
    (
        "Nom du responsable conjoint du traitement",
        Field::JointController,
    ),
    ("Représentant", Field::Representative),
    ("Nom du logiciel ou de l'application", Field::Software),
    ("Service chargé de la mise en œuvre", Field::Service),
    ("Finalité principale", Field::Purpose),
    ("Sous-finalités", Field::SubPurposes),
    ("Base légale", Field::LegalBasis),
    ("Catégories de personnes concernées", Field::DataSubjects),
    (
        "Catégories de données personnelles concernées",
        Field::DataCategories,
    ),
    (
        "Des données sensibles sont-elles traitées ?",
        Field::SensitiveData,
    ),
    ("Source des données", Field::DataSources),
    ("Durée de conservation", Field::Retention),
    ("Catégories de destinataires", Field::Recipients),
    ("Sous-traitants", Field::Processors),
    (
        "Des données sont-elles transférées hors de l'UE ?",
        Field::Transfers,
    ),
    ("Mesures de sécurité", Field::SecurityMeasures),
    ("Hébergement et localisation", Field::Hosting),
    ("Information des personnes", Field::Information),
    ("Exercice des droits", Field::Rights),
    ("Analyse d'impact (AIPD)", Field::Dpia),
    ("Notes complémentaires", Field::Notes),
];

/// A register-level field's value as the register states it: the text its activities
/// give, the first when they differ (each fiche keeps its own).
fn register_value(r: &Register, f: Field) -> String {
    r.activities
        .iter()
        .find_map(|a| a.get(f).map(cell))
        .unwrap_or_default()
}

/// The CNIL model's organisation block (its page 2): the organisation's and the DPO's
/// details, each heading kept when empty so the client sees what is left to fill.
const CNIL_ORGANISATION: &[(&str, &[(&str, Field)])] = &[
    (
        "Coordonnées du responsable de l'organisme (responsable de traitement ou son représentant si le responsable est situé en dehors de l'UE)",
        &[
            ("Nom", Field::ControllerName),
            ("Adresse", Field::ControllerAddress),
            ("Téléphone, adresse de messagerie", Field::ControllerContact),
            ("Représentant", Field::Representative),
        ],
    ),
    (
        "Nom et coordonnées du délégué à la protection des données (si vous avez désigné un DPO)",
        &[("Nom", Field::DpoName), ("Coordonnées", Field::DpoContact)],
    ),
];

fn cnil(r: &Register, path: &Path) -> Result<NotCarried> {
    let bold = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let title = Format::new().set_bold().set_font_size(14);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let top = Format::new().set_align(FormatAlign::Top);
    let link_format = Format::new()
        .set_align(FormatAlign::Top)
        .set_font_color(rust_xlsxwriter::Color::RGB(0x1F4E9E))
        .set_underline(rust_xlsxwriter::FormatUnderline::Single);
    const LIST_WIDTHS: [f64; 4] = [6.0, 40.0, 60.0, 14.0];
    const FICHE_WIDTHS: [f64; 2] = [45.0, 80.0];
    workbook(path, |wb| {
        let list = wb.add_worksheet();
        list.set_name("Registre des activités")?;
        for (c, w) in LIST_WIDTHS.iter().enumerate() {
            list.set_column_width(c as u16, *w)?;
        }
        let organisation = register_value(r, Field::ControllerName);
        let heading = format!("Registre des activités de traitement de {organisation}");
        list.write_string_with_format(0, 0, heading.trim_end(), &title)?;
        let mut row = 2u32;
        for (block, lines) in CNIL_ORGANISATION {
            list.merge_range(row, 0, row, 3, block, &bold)?;
            super::fit_row(list, row, &[(block, LIST_WIDTHS.iter().sum())])?;
            row += 1;
            for (label, f) in *lines {
                let value = register_value(r, *f);
                list.merge_range(row, 0, row, 1, label, &bold)?;
                list.merge_range(row, 2, row, 3, &value, &wrap)?;
                super::fit_row(list, row, &[(&value, LIST_WIDTHS[2] + LIST_WIDTHS[3])])?;
                row += 1;
            }
            row += 1;
        }
        list.merge_range(
            row,
            0,
            row,
            3,
            "Activités de l'organisme impliquant le traitement de données personnelles",
            &bold,
        )?;
        row += 1;
        for (c, h) in ["N°", "Activité", "Finalité principale", "Fiche"]
            .iter()
            .enumerate()
        {
            list.write_string_with_format(row, c as u16, *h, &bold)?;
        }
        list.set_repeat_rows(row, row)?;
        for (i, a) in r.activities.iter().enumerate() {
            let at = row + 1 + i as u32;
            let name = a.display_name();
            let purpose = field_text(a, Field::Purpose);
            list.write_number_with_format(at, 0, (i + 1) as f64, &top)?;
            list.write_string_with_format(at, 1, &name, &wrap)?;
            list.write_string_with_format(at, 2, &purpose, &wrap)?;
            // a link to the fiche, as the model's list leads to its fiches
            let fiche = format!("Activité {}", i + 1);
            let link = rust_xlsxwriter::Url::new(format!("internal:'{fiche}'!A1")).set_text(&fiche);
            list.write_url_with_format(at, 3, &link, &link_format)?;
            super::fit_row(
                list,
                at,
                &[(&name, LIST_WIDTHS[1]), (&purpose, LIST_WIDTHS[2])],
            )?;
        }
        list.set_paper_size(super::PAPER_A4);
        list.set_landscape();
        list.set_print_fit_to_pages(1, 0);
        list.set_footer(super::PAGE_FOOTER);
        for (i, a) in r.activities.iter().enumerate() {
            let ws = wb.add_worksheet();
            ws.set_name(format!("Activité {}", i + 1))?;
            ws.set_column_width(0, FICHE_WIDTHS[0])?;
            ws.set_column_width(1, FICHE_WIDTHS[1])?;
            ws.write_string_with_format(0, 0, "FICHE DE REGISTRE DE L'ACTIVITÉ", &bold)?;
            // every heading of the model, an empty one kept: the client sees what is
            // still to fill
            for (row, (label, f)) in (2u32..).zip(CNIL_FICHE) {
                let text = field_text(a, *f);
                ws.write_string_with_format(row, 0, *label, &bold)?;
                if !text.is_empty() {
                    ws.write_string_with_format(row, 1, &text, &wrap)?;
                }
                super::fit_row(
                    ws,
                    row,
                    &[(label, FICHE_WIDTHS[0]), (&text, FICHE_WIDTHS[1])],
                )?;
            }
            ws.set_paper_size(super::PAPER_A4);
            ws.set_landscape();
            ws.set_print_fit_to_pages(1, 0);
            ws.set_header(super::PAGE_HEADER);
            ws.set_footer(super::PAGE_FOOTER);
        }
        Ok(())
    })?;
    let carried: Vec<Field> = CNIL_FICHE.iter().map(|(_, f)| *f).collect();
    Ok(not_carried(r, &carried))
}

/// The ICO documentation template's controller sheet: its headings, each with its field
/// (the template has no column for the activity's name: the purpose names it).
const ICO_CONTROLLER: &[(&str, Field)] = &[
    ("Business function", Field::Service),
    ("Purpose of processing", Field::Purpose),
    (
        "Name and contact details of joint controller (if applicable)",
        Field::JointController,
    ),
    ("Categories of individuals", Field::DataSubjects),
    ("Categories of personal data", Field::DataCategories),
    ("Categories of recipients", Field::Recipients),
    ("Link to contract with processor", Field::Processors),
    (
        "Names of third countries or international organisations that personal data are transferred to (if applicable)",
        Field::Transfers,
    ),
    (
        "Safeguards for exceptional transfers of personal data to third countries or international organisations (if applicable)",
        Field::Transfers,
    ),
    ("Retention schedule (if possible)", Field::Retention),
    (
        "General description of technical and organisational security measures (if possible)",
        Field::SecurityMeasures,
    ),
    (
        "Article 6 lawful basis for processing personal data",
        Field::LegalBasis,
    ),
    (
        "Article 9 basis for processing special category data",
        Field::SensitiveData,
    ),
    ("Rights available to individuals", Field::Rights),
    (
        "Existence of automated decision-making, including profiling (if applicable)",
        Field::AutomatedDecisions,
    ),
    ("Source of the personal data", Field::DataSources),
    ("Location of personal data", Field::Hosting),
    ("Data Protection Impact Assessment required?", Field::Dpia),
];

/// What the ICO template's cell under `heading` holds for an activity: the field's
/// text, but processors go with the recipients (a processor is a recipient, Art. 4(9))
/// and their contract column holds only a link the register gives; the safeguards of
/// exceptional transfers are no field of ropa's, their heading kept empty to fill.
fn ico_cell(a: &Activity, heading: &str, f: Field) -> String {
    let text = |f: Field| field_text(a, f);
    match heading {
        "Categories of recipients" => {
            let mut lines: Vec<String> = text(Field::Recipients)
                .lines()
                .map(str::to_string)
                .collect();
            if let Some(Value::Processors(list)) = a.get(Field::Processors) {
                lines.extend(list.iter().map(|p| format!("{} (processor)", p.name)));
            }
            lines.join("\n")
        }
        "Link to contract with processor" => text(Field::Processors)
            .split_whitespace()
            .filter(|w| w.starts_with("http://") || w.starts_with("https://"))
            .collect::<Vec<_>>()
            .join("\n"),
        h if h.starts_with("Safeguards for exceptional transfers") => String::new(),
        _ => text(f),
    }
}

/// The ICO template's organisation block, above the table: the controller, its DPO and
/// its representative, each heading kept when empty.
const ICO_ORGANISATION: &[(&str, &[Field])] = &[
    (
        "Name and contact details of the controller",
        &[
            Field::ControllerName,
            Field::ControllerAddress,
            Field::ControllerContact,
        ],
    ),
    (
        "Name and contact details of the data protection officer (if applicable)",
        &[Field::DpoName, Field::DpoContact],
    ),
    (
        "Name and contact details of the representative (if applicable)",
        &[Field::Representative],
    ),
];

fn ico(r: &Register, path: &Path) -> Result<NotCarried> {
    let bold = Format::new().set_bold().set_text_wrap();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    const WIDTH: f64 = 30.0;
    workbook(path, |wb| {
        let ws = wb.add_worksheet();
        ws.set_name("Controller")?;
        for c in 0..ICO_CONTROLLER.len() {
            ws.set_column_width(c as u16, WIDTH)?;
        }
        // the organisation: stated once for the register (the first value of each)
        for (row, (heading, fields)) in (0u32..).zip(ICO_ORGANISATION) {
            let value: Vec<String> = fields
                .iter()
                .map(|f| register_value(r, *f))
                .filter(|v| !v.is_empty())
                .collect();
            let value = value.join("\n");
            ws.write_string_with_format(row, 0, *heading, &bold)?;
            ws.merge_range(row, 1, row, 3, &value, &wrap)?;
            super::fit_row(ws, row, &[(heading, WIDTH), (&value, WIDTH * 3.0)])?;
        }
        let header = ICO_ORGANISATION.len() as u32 + 1;
        for (c, (h, _)) in ICO_CONTROLLER.iter().enumerate() {
            ws.write_string_with_format(header, c as u16, *h, &bold)?;
        }
        let headings: Vec<(&str, f64)> = ICO_CONTROLLER.iter().map(|(h, _)| (*h, WIDTH)).collect();
        super::fit_row(ws, header, &headings)?;
        for (i, a) in r.activities.iter().enumerate() {
            let row = header + 1 + i as u32;
            let texts: Vec<String> = ICO_CONTROLLER
                .iter()
                .map(|(h, f)| ico_cell(a, h, *f))
                .collect();
            for (c, text) in texts.iter().enumerate() {
                if !text.is_empty() {
                    ws.write_string_with_format(row, c as u16, text, &wrap)?;
                }
            }
            let cells: Vec<(&str, f64)> = texts.iter().map(|t| (t.as_str(), WIDTH)).collect();
            super::fit_row(ws, row, &cells)?;
        }
        ws.set_freeze_panes(header + 1, 0)?;
        super::print_layout(ws, &[WIDTH; ICO_CONTROLLER.len()])?;
        ws.set_repeat_rows(header, header)?;
        Ok(())
    })?;
    let mut carried: Vec<Field> = ICO_CONTROLLER.iter().map(|(_, f)| *f).collect();
    carried.extend(ICO_ORGANISATION.iter().flat_map(|(_, f)| f.iter().copied()));
    Ok(not_carried(r, &carried))
}

/// The columns ciso-assistant's importer reads of a processing, flat list and
/// `Processing` sheet alike (backend/data_wizard/views.py, read at commit 1cda218c33e0,
/// 7 Aug 2026): ref_id, name (mandatory), description, domain, status,
/// processing_nature, information_channel, usage_channel, dpia_required (a boolean; an
/// empty cell fails the row), dpia_reference, assigned_to, labels.
const CISO_PROCESSING: [&str; 7] = [
    "ref_id",
    "name",
    "description",
    "status",
    "labels",
    "dpia_required",
    "dpia_reference",
];

/// Whether the register says a DPIA is required or done, and its text.
fn dpia(a: &Activity) -> (bool, String) {
    let text = field_text(a, Field::Dpia);
    let required = !text.is_empty()
        && !matches!(
            ropa_normalise::answers::yes_no(&text),
            YesNo::No | YesNo::NotApplicable
        );
    (required, text)
}

/// One processing's row of the `Processing` sheet (or of the flat list) from `row`.
fn ciso_processing_row(
    ws: &mut rust_xlsxwriter::Worksheet,
    row: u32,
    a: &Activity,
    domain: Option<&str>,
) -> std::result::Result<(), rust_xlsxwriter::XlsxError> {
    let text = |f: Field| field_text(a, f);
    // ref_id as text: a numeric-looking one would become a number
    let reference = a.get(Field::Ref).map(cell).unwrap_or_else(|| a.id.clone());
    ws.write_string(row, 0, reference)?;
    ws.write_string(row, 1, a.display_name())?;
    ws.write_string(row, 2, text(Field::Purpose))?;
    // the stored key of ciso-assistant's first status
    ws.write_string(row, 3, "privacy_draft")?;
    // the service in charge, a label ciso-assistant creates when missing
    ws.write_string(row, 4, text(Field::Service).replace('\n', ", "))?;
    let (required, what) = dpia(a);
    ws.write_boolean(row, 5, required)?;
    if required {
        ws.write_string(row, 6, what)?;
    }
    if let Some(d) = domain {
        ws.write_string(row, 7, d)?;
    }
    Ok(())
}

/// The header of the `Processing` sheet, `domain` last when asked.
fn ciso_header(
    ws: &mut rust_xlsxwriter::Worksheet,
    domain: bool,
) -> std::result::Result<(), rust_xlsxwriter::XlsxError> {
    for (c, h) in CISO_PROCESSING.iter().enumerate() {
        ws.write_string(0, c as u16, *h)?;
    }
    if domain {
        ws.write_string(0, CISO_PROCESSING.len() as u16, "domain")?;
    }
    Ok(())
}

/// The flat list: one row per processing, the columns of [`CISO_PROCESSING`]; what
/// the flat list has no column for is said (`-o DIR` writes each processing whole).
fn ciso_assistant(r: &Register, path: &Path, opts: &ExportOptions) -> Result<NotCarried> {
    workbook(path, |wb| {
        let ws = wb.add_worksheet();
        ws.set_name("processings")?;
        ciso_header(ws, opts.domain.is_some())?;
        for (i, a) in r.activities.iter().enumerate() {
            ciso_processing_row(ws, i as u32 + 1, a, opts.domain.as_deref())?;
        }
        Ok(())
    })?;
    Ok(not_carried(
        r,
        &[
            Field::Ref,
            Field::Name,
            Field::Purpose,
            Field::Service,
            Field::Dpia,
        ],
    ))
}

/// A lawful basis as ciso-assistant stores it.
fn ciso_basis(b: Basis) -> &'static str {
    match b {
        Basis::Consent => "privacy_consent",
        Basis::Contract => "privacy_contract",
        Basis::LegalObligation => "privacy_legal_obligation",
        Basis::VitalInterests => "privacy_vital_interests",
        Basis::PublicTask => "privacy_public_interest",
        Basis::LegitimateInterests => "privacy_legitimate_interests",
    }
}

/// A data category's CNIL category as ciso-assistant's personal-data category (its
/// built-in terminology), and whether it is sensitive; `privacy_other` otherwise.
fn ciso_data_category(c: Option<ropa_model::CnilCategory>) -> (&'static str, bool) {
    use ropa_model::CnilCategory as C;
    match c {
        Some(C::Identification) => ("privacy_basic_identity", false),
        Some(C::PersonalLife) => ("privacy_lifestyle_information", false),
        Some(C::ProfessionalLife) => ("privacy_employment_details", false),
        Some(C::EconomicFinancial) => ("privacy_financial_data", false),
        Some(C::Connection) => ("privacy_online_identifiers", false),
        Some(C::Location) => ("privacy_location_data", false),
        Some(C::Internet) => ("privacy_cookies", false),
        Some(C::NationalId) => ("privacy_government_identifiers", false),
        Some(C::Sensitive) => ("privacy_other", true),
        None => ("privacy_other", false),
    }
}

/// A data subject category of ciso-assistant's, by the words of the register's
/// (clients, salariés, candidats…, in the six languages' common stems); `privacy_other`
/// when none says.
fn ciso_subject(name: &str) -> &'static str {
    const WORDS: &[(&[&str], &str)] = &[
        (&["prospect"], "privacy_prospect"),
        (
            &["client", "customer", "kunde", "cliente", "klant"],
            "privacy_customer",
        ),
        (
            &[
                "candidat",
                "applicant",
                "bewerber",
                "candidato",
                "sollicitant",
            ],
            "privacy_job_applicant",
        ),
        (
            &[
                "salari",
                "employ",
                "personnel",
                "agent",
                "staff",
                "mitarbeiter",
                "dipendent",
                "medewerker",
            ],
            "privacy_employee",
        ),
        (
            &[
                "fournisseur",
                "prestataire",
                "supplier",
                "vendor",
                "lieferant",
                "proveedor",
                "fornitor",
                "leverancier",
            ],
            "privacy_contractor",
        ),
        (
            &["partenaire", "partner", "socio"],
            "privacy_business_partner",
        ),
        (
            &[
                "utilisateur",
                "internaute",
                "abonn",
                "user",
                "nutzer",
                "usuario",
                "utente",
                "gebruiker",
            ],
            "privacy_user",
        ),
        (
            &[
                "visiteur",
                "visitor",
                "besucher",
                "visitante",
                "visitator",
                "bezoeker",
            ],
            "privacy_visitor",
        ),
        (
            &[
                "enfant", "mineur", "eleve", "child", "minor", "pupil", "kind", "menor", "minore",
                "leerling",
            ],
            "privacy_minor",
        ),
    ];
    let folded = ropa_model::text::fold(name);
    WORDS
        .iter()
        .find(|(stems, _)| {
            folded
                .split_whitespace()
                .any(|w| stems.iter().any(|s| w.starts_with(s)))
        })
        .map_or("privacy_other", |(_, c)| c)
}

/// A recipient as ciso-assistant's recipient category.
fn ciso_recipient(r: &ropa_model::Recipient) -> &'static str {
    match r.kind {
        Some(ropa_model::RecipientKind::Internal) => "privacy_internal_team",
        Some(ropa_model::RecipientKind::Processor) => "privacy_data_processor",
        _ => "privacy_other",
    }
}

/// A file name for a processing's workbook: its number and name, without the
/// characters a file system refuses.
fn record_file_name(i: usize, a: &Activity) -> String {
    let name: String = a
        .display_name()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == ' ' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(60)
        .collect();
    format!("{:03} {}.xlsx", i + 1, name.trim())
}

/// One workbook per processing, as ciso-assistant imports a processing whole (its
/// `Processing` sheet and the child sheets it attaches to the first row: Purposes,
/// Personal data, Data subjects, Data recipients), into the folder `dir`. Child rows
/// carry the mandatory category, mapped from ropa's reading or `privacy_other`; a
/// purpose whose lawful basis is none of Art. 6's is not written (ciso-assistant would
/// take an empty basis for consent), nor are processors and transfers, whose country
/// ciso-assistant requires and registers rarely give: said as not carried.
fn ciso_records(r: &Register, dir: &Path, opts: &ExportOptions) -> Result<NotCarried> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut left = NotCarried::new();
    let mut unsaid = |f: Field, a: &Activity| left.entry(f).or_default().push(a.id.clone());
    for (i, a) in r.activities.iter().enumerate() {
        let path = dir.join(record_file_name(i, a));
        let basis = match a.get(Field::LegalBasis) {
            Some(Value::Basis(b)) => b.basis,
            _ => None,
        };
        if a.get(Field::LegalBasis).is_some() && basis.is_none() {
            unsaid(Field::LegalBasis, a);
        }
        for f in [Field::Processors, Field::Transfers] {
            if a.get(f).is_some() {
                unsaid(f, a);
            }
        }
        workbook(&path, |wb| {
            let ws = wb.add_worksheet();
            ws.set_name("Processing")?;
            ciso_header(ws, opts.domain.is_some())?;
            ciso_processing_row(ws, 1, a, opts.domain.as_deref())?;
            let sheet = |wb: &mut rust_xlsxwriter::Workbook, name: &str, headers: &[&str]| {
                let ws = wb.add_worksheet();
                ws.set_name(name)?;
                for (c, h) in headers.iter().enumerate() {
                    ws.write_string(0, c as u16, *h)?;
                }
                Ok::<_, rust_xlsxwriter::XlsxError>(())
            };
            if let (Some(purpose), Some(b)) = (a.get(Field::Purpose), basis) {
                sheet(wb, "Purposes", &["name", "description", "legal_basis"])?;
                let ws = wb.worksheet_from_name("Purposes")?;
                let text = cell(purpose);
                let name: String = text
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .chars()
                    .take(200)
                    .collect();
                ws.write_string(1, 0, name)?;
                ws.write_string(1, 1, &text)?;
                ws.write_string(1, 2, ciso_basis(b))?;
            }
            if let Some(Value::DataCategories(cats)) = a.get(Field::DataCategories) {
                sheet(
                    wb,
                    "Personal data",
                    &[
                        "name",
                        "description",
                        "category",
                        "retention",
                        "is_sensitive",
                    ],
                )?;
                let ws = wb.worksheet_from_name("Personal data")?;
                let retention: String = field_text(a, Field::Retention).chars().take(255).collect();
                for (k, c) in cats.iter().enumerate() {
                    let row = k as u32 + 1;
                    let (category, sensitive) = ciso_data_category(c.cnil.first().copied());
                    let name = c.category.clone().unwrap_or_else(|| c.details.join(", "));
                    ws.write_string(row, 0, name.chars().take(200).collect::<String>())?;
                    ws.write_string(row, 1, c.details.join("\n"))?;
                    ws.write_string(row, 2, category)?;
                    ws.write_string(row, 3, &retention)?;
                    ws.write_boolean(row, 4, sensitive)?;
                }
            }
            if let Some(subjects) = a.get(Field::DataSubjects) {
                sheet(wb, "Data subjects", &["name", "category"])?;
                let ws = wb.worksheet_from_name("Data subjects")?;
                for (k, s) in items(subjects).iter().enumerate() {
                    ws.write_string(k as u32 + 1, 0, s)?;
                    ws.write_string(k as u32 + 1, 1, ciso_subject(s))?;
                }
            }
            if let Some(Value::Recipients(list)) = a.get(Field::Recipients) {
                sheet(wb, "Data recipients", &["name", "description", "category"])?;
                let ws = wb.worksheet_from_name("Data recipients")?;
                for (k, x) in list.iter().enumerate() {
                    ws.write_string(k as u32 + 1, 0, &x.name)?;
                    ws.write_string(k as u32 + 1, 1, x.role.clone().unwrap_or_default())?;
                    ws.write_string(k as u32 + 1, 2, ciso_recipient(x))?;
                }
            }
            Ok(())
        })?;
    }
    let carried = [
        Field::Ref,
        Field::Name,
        Field::Purpose,
        Field::Service,
        Field::Dpia,
        Field::LegalBasis,
        Field::DataCategories,
        Field::Retention,
        Field::DataSubjects,
        Field::Recipients,
        Field::Processors,
        Field::Transfers,
    ];
    for (f, ids) in not_carried(r, &carried) {
        left.entry(f).or_default().extend(ids);
    }
    Ok(left)
}

/// The prefixes of the DPV export (`crates/ropa-write/src/dpv_terms.txt` lists each term of the
/// vocabulary the export may use; a test checks every term written is one).
pub const DPV_CONTEXT: &[(&str, &str)] = &[
    ("dpv", "https://w3id.org/dpv#"),
    ("eu-gdpr", "https://w3id.org/dpv/legal/eu/gdpr#"),
    ("dct", "http://purl.org/dc/terms/"),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("ropa", "https://github.com/ropa/ropa/ns#"),
];

/// A text of the register as JSON-LD: tagged with the language its source is written in
/// when ropa recognised it, so a reader of the graph knows « Paie » is French.
fn text(t: &str, lang: Option<&str>) -> Json {
    match lang {
        Some(l) => json!({ "@value": t, "@language": l }),
        None => json!(t),
    }
}

/// The entities of a register (controllers, processors, recipients, DPOs,
/// representatives), one node each, named once and referred to by every activity.
#[derive(Default)]
struct Entities {
    /// id → (name, its roles' DPV classes), in order of first mention.
    nodes: Vec<(String, String, Vec<&'static str>)>,
    /// Where each id is among `nodes`: a register names the same processors thousands
    /// of times.
    at: std::collections::HashMap<String, usize>,
}

impl Entities {
    /// The node of the entity `name` in the role `kind`, made on first mention; its
    /// reference (`{"@id": …}`) for the activity. One name folded alike is one entity.
    fn refer(&mut self, kind: &'static str, name: &str) -> Json {
        let id = format!(
            "urn:ropa:entity:{}",
            ropa_model::hash_id(&ropa_model::text::fold(name))
        );
        match self.at.get(&id) {
            Some(&k) => {
                let kinds = &mut self.nodes[k].2;
                if !kinds.contains(&kind) {
                    kinds.push(kind);
                }
            }
            None => {
                self.at.insert(id.clone(), self.nodes.len());
                self.nodes.push((id.clone(), name.to_string(), vec![kind]));
            }
        }
        json!({ "@id": id })
    }

    /// The nodes, for the graph: a name is a name in any language, untagged.
    fn graph(&self) -> Vec<Json> {
        self.nodes
            .iter()
            .map(|(id, name, kinds)| json!({ "@id": id, "@type": kinds, "dct:title": name }))
            .collect()
    }
}

fn items(v: &Value) -> Vec<String> {
    v.items().iter().map(Value::display_text).collect()
}

/// The GDPR Art. 6(1) point of a basis, as DPV's EU-GDPR extension names it.
fn basis_term(b: Basis) -> &'static str {
    match b {
        Basis::Consent => "eu-gdpr:A6-1-a",
        Basis::Contract => "eu-gdpr:A6-1-b",
        Basis::LegalObligation => "eu-gdpr:A6-1-c",
        Basis::VitalInterests => "eu-gdpr:A6-1-d",
        Basis::PublicTask => "eu-gdpr:A6-1-e",
        Basis::LegitimateInterests => "eu-gdpr:A6-1-f",
    }
}

/// One activity as a DPV process (CSM-ROPA's mapping of register concepts, Ryan,
/// Brennan, Pandit 2022): purpose, legal basis, data subjects, personal data,
/// recipients, processors, controller, storage duration, measures; what DPV has no
/// term for in `ropa:`. Entities are nodes of `entities`, referred to by id; texts carry
/// the source's language; durations are `xsd:duration`, dates `xsd:date`.
fn dpv_process(a: &Activity, entities: &mut Entities, lang: Option<&str>) -> Json {
    let mut p = serde_json::Map::new();
    p.insert("@id".into(), json!(format!("urn:ropa:activity:{}", a.id)));
    p.insert("@type".into(), json!("dpv:Process"));
    p.insert("dct:title".into(), text(&a.display_name(), lang));
    p.insert("dct:source".into(), json!(a.source));
    let named = |kind: &str, t: &str| json!({ "@type": kind, "dct:description": text(t, lang) });
    let mut put = |k: &str, v: Json| {
        p.insert(k.into(), v);
    };
    for (f, v) in &a.fields {
        let each = |kind: &str| Json::Array(items(v).iter().map(|t| named(kind, t)).collect());
        let mut parties = |kind: &'static str| {
            let names: Vec<String> = match v {
                Value::Processors(list) => list
                    .iter()
                    .map(|x| x.entity.clone().unwrap_or_else(|| x.name.clone()))
                    .collect(),
                other => items(other),
            };
            Json::Array(names.iter().map(|n| entities.refer(kind, n)).collect())
        };
        match f {
            Field::Purpose => put("dpv:hasPurpose", json!([named("dpv:Purpose", &cell(v))])),
            Field::LegalBasis => {
                let mut b = named("dpv:LegalBasis", &cell(v));
                if let Value::Basis(x) = v
                    && let Some(basis) = x.basis
                {
                    b["@type"] = json!(basis_term(basis));
                }
                put("dpv:hasLegalBasis", json!([b]));
            }
            Field::DataSubjects => put("dpv:hasDataSubject", each("dpv:DataSubject")),
            Field::DataCategories => put("dpv:hasPersonalData", each("dpv:PersonalData")),
            Field::Recipients => put("dpv:hasRecipient", parties("dpv:Recipient")),
            Field::Processors => put("dpv:hasDataProcessor", parties("dpv:DataProcessor")),
            Field::ControllerName => put("dpv:hasDataController", parties("dpv:DataController")),
            Field::JointController => {
                put(
                    "dpv:hasJointDataControllers",
                    json!([named("dpv:JointDataControllers", &cell(v))]),
                );
            }
            Field::DpoName => put(
                "dpv:hasDataProtectionOfficer",
                parties("dpv:DataProtectionOfficer"),
            ),
            Field::Representative => put("dpv:hasRepresentative", parties("dpv:Representative")),
            Field::Retention => {
                let durations: Vec<Json> = match v {
                    Value::Retention(items) => items
                        .iter()
                        .map(|i| {
                            let mut d = named("dpv:StorageDuration", &i.text);
                            if let Some(iso) = &i.duration {
                                d["dpv:hasDuration"] = json!({
                                    "@type": "dpv:Duration",
                                    "rdf:value": { "@value": iso, "@type": "xsd:duration" },
                                });
                            }
                            d
                        })
                        .collect(),
                    other => vec![named("dpv:StorageDuration", &cell(other))],
                };
                put("dpv:hasStorageCondition", Json::Array(durations));
            }
            Field::SecurityMeasures => put(
                "dpv:hasTechnicalOrganisationalMeasure",
                each("dpv:TechnicalOrganisationalMeasure"),
            ),
            Field::Dpia => put("ropa:dpia", json!([named("dpv:DPIA", &cell(v))])),
            // no DPV term: a documented ropa: property, the field's id; a date typed
            other => {
                let value = match v {
                    Value::Date(d) => match &d.date {
                        Some(iso) => json!({ "@value": iso, "@type": "xsd:date" }),
                        None => text(&d.text, lang),
                    },
                    _ => text(&cell(v), lang),
                };
                put(&format!("ropa:{}", other.id()), value);
            }
        }
    }
    if let Some(Value::Answer(t)) = a.get(Field::Transfers) {
        put(
            "ropa:transfersDeclared",
            json!(match t.answer {
                YesNo::Yes => "yes",
                YesNo::No => "no",
                YesNo::NotApplicable => "not_applicable",
                YesNo::Unknown => "unknown",
            }),
        );
    }
    Json::Object(p)
}

/// The DPV terms the export may write, from the bundled list.
pub fn dpv_terms() -> Vec<&'static str> {
    include_str!("dpv_terms.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

fn dpv(r: &Register, path: &Path) -> Result<NotCarried> {
    let context: serde_json::Map<String, Json> = DPV_CONTEXT
        .iter()
        .map(|(k, v)| (k.to_string(), json!(v)))
        .collect();
    // the language of each source's words, as the reader recognised it
    let languages: std::collections::HashMap<&str, &str> = r
        .sources
        .iter()
        .filter_map(|s| Some((s.source.as_str(), s.language.as_deref()?)))
        .collect();
    let mut entities = Entities::default();
    let mut graph: Vec<Json> = r
        .activities
        .iter()
        .map(|a| dpv_process(a, &mut entities, languages.get(a.source.as_str()).copied()))
        .collect();
    graph.extend(entities.graph());
    let doc = json!({
        "@context": context,
        "@graph": graph,
    });
    let text = serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n";
    write_atomic(path, text.as_bytes())?;
    Ok(NotCarried::new())
}
