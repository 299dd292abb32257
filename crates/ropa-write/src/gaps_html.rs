//! `gaps.html`: the gap report as one self-contained page (no script, no link out) that
//! a consultant attaches to an email or prints to PDF from a browser. Made from the same
//! Markdown as `gaps.md`, so the two never disagree.

use ropa_model::Lang;

/// The page for the report's Markdown, as one string (tests, small reports).
pub fn render(markdown: &str, lang: Lang) -> String {
    let mut out = Vec::new();
    // writing into memory cannot fail
    let _ = write(&mut out, markdown, lang);
    String::from_utf8_lossy(&out).into_owned()
}

/// Writes the page for the report's Markdown as it is made: the body of 100,000
/// activities' findings is 140 MB, and was held twice more (rendered, then wrapped).
pub fn write(w: &mut dyn std::io::Write, markdown: &str, lang: Lang) -> std::io::Result<()> {
    let (code, title) = match lang {
        Lang::Fr => ("fr", "Écarts du registre"),
        Lang::En => ("en", "Register gaps"),
    };
    write!(
        w,
        r#"<!DOCTYPE html>
<html lang="{code}">
<head>
<meta charset="utf-8">
<meta name="generator" content="ropa">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font: 11pt/1.45 "Segoe UI", "Helvetica Neue", Arial, sans-serif; color: #1f2328; max-width: 60em; margin: 2em auto; padding: 0 1.5em; }}
h1 {{ font-size: 1.6em; border-bottom: 2px solid #1f4e9e; padding-bottom: .2em; }}
h2 {{ font-size: 1.3em; margin-top: 1.6em; color: #1f4e9e; page-break-after: avoid; }}
h3 {{ font-size: 1.05em; margin: 1.2em 0 .4em; page-break-after: avoid; }}
ul {{ padding-left: 1.2em; }}
li {{ margin: .25em 0; page-break-inside: avoid; }}
code {{ font-size: .9em; background: #eef1f5; padding: 0 .25em; border-radius: 3px; }}
strong {{ font-variant: small-caps; }}
@media print {{ body {{ margin: 0; max-width: none; font-size: 10pt; }} }}
</style>
</head>
<body>
"#
    )?;
    let parser = pulldown_cmark::Parser::new_ext(markdown, pulldown_cmark::Options::empty());
    pulldown_cmark::html::write_html_io(&mut *w, parser)?;
    w.write_all(
        r#"
</body>
</html>
"#
        .as_bytes(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_stands_alone_and_escapes_the_clients_words() {
        let page = render("# Écarts\n\n- **erreur** `A30-1b` &lt;Nom&gt;\n", Lang::Fr);
        assert!(page.starts_with("<!DOCTYPE html>") && page.contains("lang=\"fr\""));
        assert!(page.contains("<h1>Écarts</h1>"));
        assert!(page.contains("&lt;Nom&gt;"), "{page}");
        assert!(!page.contains("<script") && !page.contains("http"));
    }
}
