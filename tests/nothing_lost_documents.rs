//! Nothing lost in documents: every word of every corpus document, taken from its
//! source by a plain extraction independent of ropa's readers (the XML text runs of a
//! Word or OpenDocument file, the tag-stripped text of a web page, the text of a
//! Markdown or plain-text file), is found in the register.json of its run — in a field,
//! its provenance, `extra` or the ignored list.

mod common;

use std::collections::HashSet;
use std::io::Read;
use std::path::Path;

fn zip_part(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// The text of a file as a person reads it, extracted without ropa.
fn source_text(path: &Path) -> String {
    let tags = regex::Regex::new(r"(?s)<[^>]*>").unwrap();
    let unescape = |s: &str| {
        s.replace("&amp;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&nbsp;", " ")
    };
    match path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
    {
        "docx" => {
            let xml = zip_part(path, "word/document.xml");
            let runs = regex::Regex::new(r"(?s)<w:t(?: [^>]*)?>(.*?)</w:t>").unwrap();
            runs.captures_iter(&xml)
                .map(|c| unescape(&c[1]))
                .collect::<Vec<_>>()
                .join(" ")
        }
        "odt" => unescape(&tags.replace_all(&zip_part(path, "content.xml"), " ")),
        "html" => {
            let html = std::fs::read_to_string(path).unwrap();
            let code =
                regex::Regex::new(r"(?is)<(script|style|head)[^>]*>.*?</(script|style|head)>")
                    .unwrap();
            unescape(&tags.replace_all(&code.replace_all(&html, " "), " "))
        }
        _ => tags
            .replace_all(&std::fs::read_to_string(path).unwrap(), " ")
            .into_owned(),
    }
}

#[test]
fn every_word_of_every_corpus_document_lands_in_the_register() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/corpus");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.ends_with("README.md"))
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("docx" | "odt" | "md" | "html" | "txt")
            )
        })
        .collect();
    files.sort();
    assert!(files.len() >= 9);
    let mut missing = Vec::new();
    let mut counted = 0;
    for f in &files {
        let out = tempfile::tempdir().unwrap();
        let (register, _) = common::ingest(std::slice::from_ref(f), out.path());
        let mut strings = Vec::new();
        ropa::model::collect_strings(&register, &mut strings);
        let written: HashSet<String> = strings.iter().flat_map(|s| common::words(s)).collect();
        for w in common::words(&source_text(f)) {
            counted += 1;
            if !written.contains(&w) {
                missing.push(format!("{}: {w}", f.file_name().unwrap().to_string_lossy()));
            }
        }
    }
    missing.sort();
    missing.dedup();
    assert!(counted > 5000, "too few words read ({counted})");
    assert!(
        missing.is_empty(),
        "{} words lost:\n{}",
        missing.len(),
        missing.join("\n")
    );
}
