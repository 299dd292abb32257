//! The benchmark suite (issue 8): `cargo bench --bench pipeline`.
//!
//! Generates, deterministically, inputs that look like real registers (French text with
//! accents, lists in cells, the seeds' labels) under `target/bench-data/`, then times:
//! (a) one table of 100,000 activities × 25 columns, as TSV and as xlsx, through the
//!     whole pipeline and its five outputs, against a floor that only parses the TSV
//!     with the csv crate and writes the same cells with rust_xlsxwriter;
//! (b) 1,000 small fiche files in one folder;
//! (c) 10,000 distinct labels matched against the synonym dictionary;
//! (d) each seed of `fixtures/` through the `ropa` command, process start to exit;
//! (e) one Markdown document of 5,000 and of 20,000 activities (a heading each, fields
//!     as `- **Label:** value` bullets), to show reading stays linear in its size; and a
//!     fiche text of 20,000 numbered blocks (its reverse-order vote was quadratic).
//! Each scenario runs `RUNS` times (`ROPA_BENCH_RUNS`, default 3); the median is printed.
//! `ROPA_BENCH_ROWS` lowers the size of (a) for a quick look; `ROPA_BENCH_ONLY=a,c` runs
//! only the scenarios named.

use ropa_model::Lang;

/// The allocator the `ropa` binary uses, so the figures are the command's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use ropa::pipeline::{self, IngestOptions};
use ropa_rules::GapOptions;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A small deterministic generator (a linear congruential one is enough for data).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() as usize) % items.len()]
    }
}

const HEADERS: [&str; 25] = [
    "Référence",
    "Nom du traitement",
    "Périmètre",
    "Date de création de la fiche",
    "Date de dernière mise à jour",
    "Responsable du traitement",
    "Délégué à la protection des données",
    "Logiciel ou application",
    "Service chargé de la mise en œuvre",
    "Finalité principale",
    "Sous-finalités",
    "Base légale",
    "Personnes concernées",
    "Catégories de données",
    "Données sensibles",
    "Source des données",
    "Durées de conservation",
    "Destinataires",
    "Sous-traitants",
    "Transferts hors UE",
    "Mesures de sécurité",
    "Hébergement et localisation",
    "Information des personnes",
    "Exercice des droits",
    "Notes complémentaires",
];

const WORDS: [&str; 24] = [
    "gestion",
    "clients",
    "prospects",
    "salariés",
    "élèves",
    "facturation",
    "paie",
    "données",
    "accès",
    "sécurité",
    "sauvegarde",
    "chiffrement",
    "hébergeur",
    "contrat",
    "réclamations",
    "newsletter",
    "comptes",
    "utilisateurs",
    "adresse",
    "téléphone",
    "identité",
    "connexion",
    "journalisation",
    "archivage",
];

fn phrase(rng: &mut Rng, words: usize) -> String {
    let s: Vec<&str> = (0..words).map(|_| rng.pick(&WORDS)).collect();
    let text = s.join(" ");
    let mut c = text.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

fn cell(rng: &mut Rng, col: usize, row: usize) -> String {
    match col {
        0 => format!("T-{row:06}"),
        3 | 4 => format!(
            "{:02}/{:02}/20{:02}",
            1 + rng.next() % 28,
            1 + rng.next() % 12,
            18 + rng.next() % 8
        ),
        11 => rng
            .pick(&[
                "Consentement",
                "Exécution d'un contrat",
                "Obligation légale",
                "Intérêt légitime",
            ])
            .into(),
        14 | 19 => rng
            .pick(&[
                "Non",
                "Oui, vers les États-Unis (clauses contractuelles types)",
                "Non applicable",
            ])
            .into(),
        16 => rng
            .pick(&[
                "3 ans après la fin du contrat",
                "1 an",
                "Jusqu'à suppression du compte",
                "10 ans pour les factures ; 3 ans pour les prospects",
            ])
            .into(),
        17 => format!(
            "{} ; {} (hébergeur, sous-traitant)",
            phrase(rng, 2),
            rng.pick(&["OVH", "OVH SAS", "Scaleway SAS", "Microsoft Azure"])
        ),
        12 | 13 | 10 => (0..3)
            .map(|_| phrase(rng, 2))
            .collect::<Vec<_>>()
            .join(" ; "),
        _ => {
            let words = 3 + (rng.next() % 6) as usize;
            phrase(rng, words)
        }
    }
}

/// (a): the TSV and the same cells as an xlsx.
fn table(dir: &Path, rows: usize) -> (PathBuf, PathBuf) {
    let tsv = dir.join(format!("table-{rows}.tsv"));
    let xlsx = dir.join(format!("table-{rows}.xlsx"));
    if tsv.exists() && xlsx.exists() {
        return (tsv, xlsx);
    }
    let mut rng = Rng(42);
    let mut text = HEADERS.join("\t");
    text.push('\n');
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in HEADERS.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for r in 0..rows {
        let cells: Vec<String> = (0..HEADERS.len()).map(|c| cell(&mut rng, c, r)).collect();
        for (c, v) in cells.iter().enumerate() {
            ws.write_string(r as u32 + 1, c as u16, v).unwrap();
        }
        text.push_str(&cells.join("\t"));
        text.push('\n');
    }
    std::fs::write(&tsv, text).unwrap();
    wb.save(&xlsx).unwrap();
    (tsv, xlsx)
}

/// (b): small fiche files, like the Pirouette seed.
fn fiches(dir: &Path, files: usize) -> PathBuf {
    let folder = dir.join(format!("fiches-{files}"));
    if folder.exists() {
        return folder;
    }
    std::fs::create_dir_all(&folder).unwrap();
    let mut rng = Rng(7);
    let labels = [
        "Nom et adresse du responsable du traitement",
        "Finalité du traitement",
        "Catégories de personnes concernées",
        "Catégories de données",
        "Destinataires",
        "Durée de conservation",
        "Mesures de sécurité",
        "Transferts hors UE",
    ];
    for f in 0..files {
        let mut t = String::from("Registre des traitements\n\n");
        for a in 0..5 {
            t.push_str(&format!("{}\n", phrase(&mut rng, 3)));
            for (i, l) in labels.iter().enumerate() {
                let v = if i == 0 {
                    format!("Client {f} SAS, 12 rue de la Paix 75002 Paris")
                } else {
                    phrase(&mut rng, 4)
                };
                t.push_str(&format!("{l}\t{v}\n"));
            }
            t.push_str(&format!("\nActivité {a}\n\n"));
        }
        std::fs::write(folder.join(format!("client-{f:04}.txt")), t).unwrap();
    }
    folder
}

/// (e): one Markdown register of `n` activities, each a heading with bullets.
fn document(dir: &Path, n: usize) -> PathBuf {
    let path = dir.join(format!("document-{n}.md"));
    if path.exists() {
        return path;
    }
    let mut rng = Rng(11);
    let mut t = String::from(
        "# Registre des activités de traitement\n\nResponsable du traitement : Exemple SAS, 1 rue de la Paix, Paris\n\n",
    );
    for a in 1..=n {
        t.push_str(&format!(
            "## Traitement n°{a} : {}\n\n",
            phrase(&mut rng, 3)
        ));
        for l in [
            "Finalité",
            "Base légale",
            "Personnes concernées",
            "Catégories de données",
            "Destinataires",
            "Durée de conservation",
            "Mesures de sécurité",
        ] {
            t.push_str(&format!("- **{l} :** {}\n", phrase(&mut rng, 5)));
        }
        t.push('\n');
    }
    std::fs::write(&path, t).unwrap();
    path
}

/// (c): distinct labels such as registers write them.
fn labels(count: usize) -> Vec<String> {
    let mut rng = Rng(99);
    let prefixes = [
        "",
        "Liste des ",
        "Indiquez les ",
        "Précisez : ",
        "(obligatoire) ",
    ];
    let suffixes = [
        "",
        " :",
        " (si applicable)",
        " du traitement",
        " concernées",
        " *",
    ];
    (0..count)
        .map(|i| {
            let base = HEADERS[i % HEADERS.len()];
            format!(
                "{}{}{} {}",
                rng.pick(&prefixes),
                base,
                rng.pick(&suffixes),
                i
            )
        })
        .collect()
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn time(runs: usize, mut f: impl FnMut()) -> Duration {
    median(
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                f();
                start.elapsed()
            })
            .collect(),
    )
}

/// The whole pipeline and its five outputs, as `ropa ingest` runs it.
fn ingest(inputs: Vec<PathBuf>, out: &Path) {
    let opts = IngestOptions {
        inputs,
        gaps: GapOptions {
            as_of: "2026-11-22".into(),
            lang: Lang::Fr,
            law: None,
        },
        ..Default::default()
    };
    let o = pipeline::ingest(&opts).unwrap();
    // a figure for a run that lost values would be no figure: the generated rows are
    // register text, and every word of them must land (they found a defect once)
    for s in &o.register.sources {
        assert!(s.account.balances(), "{}: {:?}", s.source, s.account);
    }
    std::fs::create_dir_all(out).unwrap();
    let r = &o.register;
    ropa_write::outputs(
        out,
        &ropa_write::run::Run::new(Vec::new()),
        Some(r),
        &r.activities,
        &o.findings,
        &o.rule_changes,
        ropa_write::Style::default(),
    )
    .unwrap();
}

/// The floor for (a), as issue 16 defines it: parse the TSV with the csv crate, write
/// the same cells with rust_xlsxwriter's constant-memory worksheet, zip level 1 (what
/// ropa's own workbooks use).
fn floor(tsv: &Path, out: &Path) {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .has_headers(false)
        .quoting(false)
        .from_path(tsv)
        .unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.set_zip_compression_level(1);
    let ws = wb.add_worksheet_with_constant_memory().unwrap();
    for (r, record) in reader.records().enumerate() {
        let record = record.unwrap();
        for (c, v) in record.iter().enumerate() {
            ws.write_string(r as u32, c as u16, v).unwrap();
        }
    }
    wb.save(out).unwrap();
}

fn main() {
    let runs: usize = std::env::var("ROPA_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let rows: usize = std::env::var("ROPA_BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let only = std::env::var("ROPA_BENCH_ONLY").unwrap_or_default();
    let wanted = |s: &str| only.is_empty() || only.split(',').any(|o| o.trim() == s);
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&data).unwrap();
    let out = data.join("out");
    std::fs::create_dir_all(&out).unwrap();
    println!(
        "ropa benchmarks: median of {runs} runs, {} threads",
        rayon::current_num_threads()
    );

    if wanted("a") {
        let (tsv, xlsx) = table(&data, rows);
        let t_floor = time(runs, || floor(&tsv, &out.join("floor.xlsx")));
        let t_tsv = time(runs, || ingest(vec![tsv.clone()], &out.join("a-tsv")));
        let t_xlsx = time(runs, || ingest(vec![xlsx.clone()], &out.join("a-xlsx")));
        println!("(a) {rows} activities × 25 columns");
        println!(
            "    floor (csv + rust_xlsxwriter): {:>8.2} s",
            t_floor.as_secs_f64()
        );
        println!(
            "    ropa, TSV → 5 outputs:          {:>8.2} s  ({:.1}× the floor)",
            t_tsv.as_secs_f64(),
            t_tsv.as_secs_f64() / t_floor.as_secs_f64()
        );
        println!(
            "    ropa, xlsx → 5 outputs:         {:>8.2} s",
            t_xlsx.as_secs_f64()
        );
    }

    if wanted("b") {
        let folder = fiches(&data, 1_000);
        let t_fiches = time(runs, || ingest(vec![folder.clone()], &out.join("b")));
        println!(
            "(b) 1,000 fiche files → 5 outputs: {:>8.2} s",
            t_fiches.as_secs_f64()
        );
    }

    if wanted("c") {
        // once: every label is new, and a second run would only read the process's cache
        let labels = labels(10_000);
        let start = Instant::now();
        for l in &labels {
            std::hint::black_box(ropa_map::labels::fuzzy(&ropa_model::text::fold_label(l)));
        }
        println!(
            "(c) 10,000 labels matched:         {:>8.2} s",
            start.elapsed().as_secs_f64()
        );
    }

    if wanted("e") {
        let mut per = Vec::new();
        for n in [5_000, 20_000] {
            let doc = document(&data, n);
            let t = time(runs, || ingest(vec![doc.clone()], &out.join("e")));
            per.push(t.as_secs_f64() / n as f64);
            println!(
                "(e) one Markdown document, {n} activities → 5 outputs: {:>8.2} s",
                t.as_secs_f64()
            );
        }
        println!(
            "    time per activity at 20,000 / at 5,000: {:.2}",
            per[1] / per[0]
        );
        let fiche = data.join("fiche-20000.txt");
        if !fiche.exists() {
            let mut t = String::new();
            for i in 1..=20_000 {
                t.push_str(&format!(
                    "{i}. Traitement {i}\nFinalité\tGérer le dossier {i}\nPersonnes concernées\tClients\nDestinataires\tService\nDurée de conservation\t5 ans\n\n"
                ));
            }
            std::fs::write(&fiche, t).unwrap();
        }
        let t = time(runs, || ingest(vec![fiche.clone()], &out.join("e-fiche")));
        println!(
            "(e) one fiche text, 20000 numbered blocks → 5 outputs: {:>8.2} s",
            t.as_secs_f64()
        );
    }

    if wanted("f") {
        // two registers of 10,000 activities: the second without the first 100, every
        // name edited (so that no name pairs and likeness pairs them all), read raw
        let (tsv, _) = table(&data, 10_000);
        let edited = data.join("table-10000-edited.tsv");
        if !edited.exists() {
            let text = std::fs::read_to_string(&tsv).unwrap();
            let mut lines = text.lines();
            let mut out = lines.next().unwrap().to_string() + "\n";
            for line in lines.skip(100) {
                let mut cells: Vec<String> = line.split('\t').map(str::to_string).collect();
                cells[1].push_str(" (revu)");
                out.push_str(&cells.join("\t"));
                out.push('\n');
            }
            std::fs::write(&edited, out).unwrap();
        }
        let target = out.join("f");
        let t = time(runs, || {
            let status = std::process::Command::new(env!("CARGO_BIN_EXE_ropa"))
                .args(["diff", "-q", "--as-of", "2026-11-22", "-o"])
                .arg(&target)
                .arg(&tsv)
                .arg(&edited)
                .status()
                .unwrap();
            assert!(status.success());
        });
        println!(
            "(f) diff of two 10,000-activity registers, every name edited: {:>8.2} s",
            t.as_secs_f64()
        );
    }

    if wanted("d") {
        println!("(d) one seed, `ropa ingest` start to exit:");
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        for seed in [
            "toutapprendre.tsv",
            "toutemonannee.txt",
            "pirouette.txt",
            "occicom.txt",
        ] {
            let input = fixtures.join(seed);
            let target = out.join("d");
            let t = time(runs.max(11), || {
                let status = std::process::Command::new(env!("CARGO_BIN_EXE_ropa"))
                    .args(["ingest", "-q", "--as-of", "2026-11-22", "-o"])
                    .arg(&target)
                    .arg(&input)
                    .status()
                    .unwrap();
                assert!(status.success());
            });
            println!("    {seed:<34} {:>8.3} s", t.as_secs_f64());
        }
    }
}
