//! Dates as registers write them (`01/05/2018`, `1er juin 2021`, `20221121`) → ISO 8601.

use regex::Regex;
use ropa_model::text::re;
use std::sync::LazyLock;

static NUMERIC_DMY: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b"));
static ISO: LazyLock<Regex> = LazyLock::new(|| re(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b"));
static COMPACT: LazyLock<Regex> = LazyLock::new(|| re(r"\b((?:19|20)\d{2})(\d{2})(\d{2})\b"));
/// `1er juin 2021`, `1. Juni 2021`, `1 de junio de 2021`, `1° giugno 2021`, `1 juni 2021`.
static WORDS_DMY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(\d{1,2})(?:er|st|nd|rd|th|°|º|\.)?\s+(?:de\s+)?(\p{L}+)\.?\s+(?:de\s+|del\s+)?(\d{4})\b",
    )
});
static WORDS_MDY: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b"));

fn month(word: &str) -> Option<u32> {
    let w = ropa_model::text::fold(word);
    const MONTHS: [(&[&str], u32); 12] = [
        (
            &[
                "janvier", "janv", "jan", "january", "januar", "jaenner", "janner", "enero",
                "gennaio", "januari",
            ],
            1,
        ),
        (
            &[
                "fevrier", "fevr", "fev", "feb", "february", "februar", "febrero", "febbraio",
                "februari",
            ],
            2,
        ),
        (
            &["mars", "mar", "march", "marz", "maerz", "marzo", "maart"],
            3,
        ),
        (&["avril", "avr", "apr", "april", "abril", "aprile"], 4),
        (&["mai", "may", "mayo", "maggio", "mei"], 5),
        (&["juin", "jun", "june", "juni", "junio", "giugno"], 6),
        (
            &["juillet", "juil", "jul", "july", "juli", "julio", "luglio"],
            7,
        ),
        (&["aout", "aug", "august", "agosto", "augustus"], 8),
        (
            &[
                "septembre",
                "sept",
                "sep",
                "september",
                "septiembre",
                "setiembre",
                "settembre",
            ],
            9,
        ),
        (
            &["octobre", "oct", "october", "oktober", "octubre", "ottobre"],
            10,
        ),
        (&["novembre", "nov", "november", "noviembre"], 11),
        (
            &[
                "decembre",
                "dec",
                "december",
                "dezember",
                "diciembre",
                "dicembre",
            ],
            12,
        ),
    ];
    MONTHS
        .iter()
        .find(|(names, _)| names.contains(&w.as_str()))
        .map(|(_, m)| *m)
}

/// Days in a month of a year (Gregorian).
pub fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

fn iso(y: &str, m: u32, d: &str) -> Option<String> {
    let y: i64 = y.parse().ok()?;
    let d: u32 = d.parse().ok()?;
    if !(1900..=2200).contains(&y) || !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return None;
    }
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// The first date written anywhere in the text, as `YYYY-MM-DD`.
pub fn find_date(text: &str) -> Option<String> {
    let mut found: Vec<(usize, String)> = Vec::new();
    let mut push = |start: usize, d: Option<String>| {
        if let Some(d) = d {
            found.push((start, d));
        }
    };
    for c in NUMERIC_DMY.captures_iter(text) {
        let m = c[2].parse().ok();
        push(
            c.get(0).map_or(0, |m| m.start()),
            m.and_then(|m| iso(&c[3], m, &c[1])),
        );
    }
    for c in ISO.captures_iter(text) {
        let m = c[2].parse().ok();
        push(
            c.get(0).map_or(0, |m| m.start()),
            m.and_then(|m| iso(&c[1], m, &c[3])),
        );
    }
    for c in COMPACT.captures_iter(text) {
        let m = c[2].parse().ok();
        push(
            c.get(0).map_or(0, |m| m.start()),
            m.and_then(|m| iso(&c[1], m, &c[3])),
        );
    }
    for c in WORDS_DMY.captures_iter(text) {
        push(
            c.get(0).map_or(0, |m| m.start()),
            month(&c[2]).and_then(|m| iso(&c[3], m, &c[1])),
        );
    }
    for c in WORDS_MDY.captures_iter(text) {
        push(
            c.get(0).map_or(0, |m| m.start()),
            month(&c[1]).and_then(|m| iso(&c[3], m, &c[2])),
        );
    }
    found
        .into_iter()
        .min_by_key(|(start, _)| *start)
        .map(|(_, d)| d)
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a count of days since 1970-01-01.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Today's date in UTC, as `YYYY-MM-DD`.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Parses an ISO date `YYYY-MM-DD` into its parts.
pub fn parse_iso(s: &str) -> Option<(i64, u32, u32)> {
    let mut it = s.trim().splitn(3, '-');
    let y: i64 = it.next()?.parse().ok()?;
    let m: u32 = it.next()?.parse().ok()?;
    let d: u32 = it.next()?.parse().ok()?;
    ((1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m)).then_some((y, m, d))
}

/// An ISO date as a reader writes it: `12 mars 2024`, `12 March 2024`; anything else
/// as it is.
pub fn shown(iso: &str, lang: ropa_model::Lang) -> String {
    const FR: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    match parse_iso(iso) {
        Some((y, m, d)) => {
            let months = if lang == ropa_model::Lang::Fr { FR } else { EN };
            let day = if lang == ropa_model::Lang::Fr && d == 1 {
                "1er".to_string()
            } else {
                d.to_string()
            };
            format!("{day} {} {y}", months[m as usize - 1])
        }
        None => iso.to_string(),
    }
}

/// The same day `months` months earlier (clamped to the month's last day).
pub fn months_before(date: (i64, u32, u32), months: u32) -> (i64, u32, u32) {
    let (y, m, d) = date;
    let total = y * 12 + i64::from(m) - 1 - i64::from(months);
    let (ny, nm) = (total.div_euclid(12), (total.rem_euclid(12) + 1) as u32);
    (ny, nm, d.min(days_in_month(ny, nm)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_shown_in_words() {
        assert_eq!(shown("2024-03-12", ropa_model::Lang::Fr), "12 mars 2024");
        assert_eq!(shown("2024-08-01", ropa_model::Lang::Fr), "1er août 2024");
        assert_eq!(shown("2024-08-01", ropa_model::Lang::En), "1 August 2024");
        assert_eq!(shown("mars 2024", ropa_model::Lang::Fr), "mars 2024");
    }

    #[test]
    fn register_dates() {
        assert_eq!(find_date("01/05/2018").as_deref(), Some("2018-05-01"));
        assert_eq!(find_date("1er juin 2021").as_deref(), Some("2021-06-01"));
        assert_eq!(find_date("01.05.2018").as_deref(), Some("2018-05-01"));
        assert_eq!(find_date("1. Juni 2021").as_deref(), Some("2021-06-01"));
        assert_eq!(
            find_date("1 de junio de 2021").as_deref(),
            Some("2021-06-01")
        );
        assert_eq!(find_date("1° giugno 2021").as_deref(), Some("2021-06-01"));
        assert_eq!(find_date("11 maart 2024").as_deref(), Some("2024-03-11"));
        assert_eq!(
            find_date("20221121 : Réécriture").as_deref(),
            Some("2022-11-21")
        );
        assert_eq!(find_date("2024-02-29").as_deref(), Some("2024-02-29"));
        assert_eq!(find_date("June 1, 2021").as_deref(), Some("2021-06-01"));
        assert_eq!(find_date("31/02/2020"), None);
        assert_eq!(find_date("Aucune"), None);
    }

    #[test]
    fn civil_days_round_trip() {
        for days in [-1, 0, 59, 10_957, 19_000, 20_000] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(months_before((2026, 3, 31), 13), (2025, 2, 28));
    }
}
