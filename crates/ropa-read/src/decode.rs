//! Bytes → text: byte-order marks, UTF-8, UTF-16 without a mark, otherwise a legacy
//! single-byte encoding guessed by chardetng (Windows-1252 for most French files).

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

/// Decoded text with the name of the encoding used.
pub struct Decoded {
    /// The text, without a byte-order mark.
    pub text: String,
    /// The encoding's name (`UTF-8`, `UTF-16LE`, `windows-1252`).
    pub encoding: &'static str,
    /// How many invalid byte sequences were replaced by `�`.
    pub replaced: usize,
    /// How many characters were mended from a double encoding (« Ã© » read back as « é »).
    pub repaired: usize,
}

/// The encoding a user names (`latin1`, `windows-1252`, `utf-16le`), by its WHATWG label.
pub fn encoding_for(label: &str) -> Option<&'static Encoding> {
    let label = label.trim();
    // names people use that the WHATWG list lacks
    let label = match label.to_ascii_lowercase().as_str() {
        "latin9" | "latin-9" => "iso-8859-15",
        "utf16" | "utf-16" => "utf-16le",
        _ => label,
    };
    Encoding::for_label(label.as_bytes())
}

/// Decodes with the encoding given, or the one guessed when none is.
pub fn decode_as(bytes: &[u8], forced: Option<&'static Encoding>) -> Decoded {
    match forced {
        Some(enc) => {
            let bom = Encoding::for_bom(bytes)
                .filter(|(e, _)| *e == enc)
                .map_or(0, |(_, n)| n);
            let (text, _) = enc.decode_without_bom_handling(&bytes[bom..]);
            Decoded {
                text: text.into_owned(),
                encoding: enc.name(),
                replaced: 0,
                repaired: 0,
            }
        }
        None => decode(bytes),
    }
}

/// A UTF-32 text with its byte-order mark (`FF FE 00 00` little-endian, `00 00 FE FF`
/// big-endian), decoded: its mark begins like UTF-16's, and reading it as UTF-16 would
/// put a NUL between every letter. An invalid code point becomes `�`, counted.
fn utf32(bytes: &[u8]) -> Option<Decoded> {
    let (little, name) = match bytes {
        [0xFF, 0xFE, 0, 0, ..] => (true, "UTF-32LE"),
        [0, 0, 0xFE, 0xFF, ..] => (false, "UTF-32BE"),
        _ => return None,
    };
    let mut replaced = 0;
    let text = bytes[4..]
        .chunks(4)
        .map(|c| {
            let word = match (c, little) {
                ([a, b, c2, d], true) => u32::from_le_bytes([*a, *b, *c2, *d]),
                ([a, b, c2, d], false) => u32::from_be_bytes([*a, *b, *c2, *d]),
                _ => u32::MAX,
            };
            char::from_u32(word).unwrap_or_else(|| {
                replaced += 1;
                '\u{FFFD}'
            })
        })
        .collect();
    Some(Decoded {
        text,
        encoding: name,
        replaced,
        repaired: 0,
    })
}

/// Decodes a text file the way Excel and Word exports arrive, a UTF-8 text saved twice
/// (« TraitÃ©s ») mended.
pub fn decode(bytes: &[u8]) -> Decoded {
    let mut d = decode_bytes(bytes);
    if d.encoding == UTF_8.name()
        && let Some((text, repaired)) = mended(&d.text)
    {
        d.text = text;
        d.repaired = repaired;
    }
    d
}

/// A UTF-8 text that was read as Windows-1252 and saved as UTF-8 again (« dÃ©jÃ  » for
/// « déjà », « nÂ°1 » for « n°1 », « lâ€™ » for « l’ »), mended, with how many
/// characters were; None when the text is no such text: fewer than three such pairs, or
/// a character Windows-1252 cannot write, or bytes that are no UTF-8 once written back
/// (a text that mixes right and doubled accents is left as it is).
pub fn mended(text: &str) -> Option<(String, usize)> {
    if !text.contains(['Ã', 'Â', 'â']) {
        return None;
    }
    // a lead byte of a two-byte sequence read as a Latin-1 letter, then a continuation
    // byte read as a Windows-1252 character
    let continuation = |c: char| {
        let mut buf = [0u8; 4];
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(c.encode_utf8(&mut buf));
        !unmappable && bytes.len() == 1 && (0x80..=0xBF).contains(&bytes[0])
    };
    let pairs = |t: &str| {
        let chars: Vec<char> = t.chars().collect();
        chars
            .windows(2)
            .filter(|w| ('\u{C2}'..='\u{DF}').contains(&w[0]) && continuation(w[1]))
            .count()
            + t.matches("â€").count()
    };
    if pairs(text) < 3 {
        return None;
    }
    // line by line: a line written right (a note added later) stays as it is
    let mut fixed = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(line);
        match String::from_utf8(bytes.into_owned()) {
            Ok(mended) if !unmappable && pairs(line) > 0 => fixed.push_str(&mended),
            _ => fixed.push_str(line),
        }
    }
    let repaired = text.chars().count() - fixed.chars().count();
    (repaired > 0).then_some((fixed, repaired))
}

/// [`decode`] before the mending.
fn decode_bytes(bytes: &[u8]) -> Decoded {
    if let Some(decoded) = utf32(bytes) {
        return decoded;
    }
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return Decoded {
            text: text.into_owned(),
            encoding: enc.name(),
            replaced: 0,
            repaired: 0,
        };
    }
    if let Some(enc) = utf16_without_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(bytes);
        return Decoded {
            text: text.into_owned(),
            encoding: enc.name(),
            replaced: 0,
            repaired: 0,
        };
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded {
            text: text.to_string(),
            encoding: UTF_8.name(),
            replaced: 0,
            repaired: 0,
        };
    }
    // UTF-8 with a few bad bytes (a copy-paste, a cut file): keep UTF-8, mark the bytes
    let (text, _) = UTF_8.decode_without_bom_handling(bytes);
    let replaced = text.matches('\u{FFFD}').count();
    let multibyte = text
        .chars()
        .filter(|c| !c.is_ascii() && *c != '\u{FFFD}')
        .count();
    if multibyte >= 2 * replaced {
        return Decoded {
            text: text.into_owned(),
            encoding: UTF_8.name(),
            replaced,
            repaired: 0,
        };
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let enc = detector.guess(None, chardetng::Utf8Detection::Deny);
    let (text, _) = enc.decode_without_bom_handling(bytes);
    Decoded {
        text: text.into_owned(),
        encoding: enc.name(),
        replaced: 0,
        repaired: 0,
    }
}

/// UTF-16 text of Latin script has a NUL in every other byte.
pub(crate) fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let even_nul = sample.iter().step_by(2).filter(|b| **b == 0).count();
    let odd_nul = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|b| **b == 0)
        .count();
    if odd_nul * 10 >= pairs * 7 && even_nul * 10 < pairs {
        Some(UTF_16LE)
    } else if even_nul * 10 >= pairs * 7 && odd_nul * 10 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf32_with_its_mark_is_read_as_utf32() {
        let text = "Finalité\tPaie\n";
        let le: Vec<u8> = [0xFF, 0xFE, 0, 0]
            .into_iter()
            .chain(text.chars().flat_map(|c| (c as u32).to_le_bytes()))
            .collect();
        let d = decode(&le);
        assert_eq!((d.text.as_str(), d.encoding), (text, "UTF-32LE"));
        let be: Vec<u8> = [0, 0, 0xFE, 0xFF]
            .into_iter()
            .chain(text.chars().flat_map(|c| (c as u32).to_be_bytes()))
            .collect();
        assert_eq!(decode(&be).text, text);
        // a UTF-16LE text with its mark stays UTF-16
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(&utf16).encoding, "UTF-16LE");
    }

    #[test]
    fn a_text_saved_twice_is_mended_and_a_right_one_left() {
        let doubled = "Registre des ActivitÃ©s â€“ Traitement nÂ°1 : donnÃ©es de santÃ©";
        let (fixed, n) = mended(doubled).unwrap();
        assert_eq!(
            fixed,
            "Registre des Activités – Traitement n°1 : données de santé"
        );
        assert!(n >= 5, "{n}");
        let d = decode(doubled.as_bytes());
        assert_eq!((d.text.as_str(), d.repaired > 0), (fixed.as_str(), true));
        // right accents, and a name that only looks doubled
        for right in ["Données de santé, déjà vues", "SÃO PAULO Ltda", "Ã€ revoir"] {
            assert!(mended(right).is_none(), "{right}");
        }
        // a line written right among doubled ones stays as it is
        let mixed = format!("{doubled}\nÀ finaliser : conformité\n{doubled}");
        let (fixed, _) = mended(&mixed).unwrap();
        assert!(fixed.contains("\nÀ finaliser : conformité\n"), "{fixed}");
        assert!(fixed.starts_with("Registre des Activités"), "{fixed}");
    }

    #[test]
    fn boms_and_fallbacks() {
        let d = decode(b"\xEF\xBB\xBFcaf\xC3\xA9");
        assert_eq!((d.text.as_str(), d.encoding), ("café", "UTF-8"));
        let d = decode(b"\xFF\xFEc\0a\0f\0\xE9\0");
        assert_eq!((d.text.as_str(), d.encoding), ("café", "UTF-16LE"));
        let d = decode(b"c\0a\0f\0\xE9\0");
        assert_eq!((d.text.as_str(), d.encoding), ("café", "UTF-16LE"));
        let d = decode(b"Dur\xE9e de conservation : 5 ans apr\xE8s la fin du contrat \x80");
        assert_eq!(d.encoding, "windows-1252");
        assert!(d.text.starts_with("Durée") && d.text.ends_with('€'));
        let mut mostly = "Durée de conservation, données, réclamations "
            .as_bytes()
            .to_vec();
        mostly.push(0xFF);
        let d = decode(&mostly);
        assert_eq!((d.encoding, d.replaced), ("UTF-8", 1));
        assert!(d.text.starts_with("Durée"));
        let forced = decode_as(b"caf\xE9", encoding_for("latin9"));
        assert_eq!(
            (forced.text.as_str(), forced.encoding),
            ("café", "ISO-8859-15")
        );
    }
}
