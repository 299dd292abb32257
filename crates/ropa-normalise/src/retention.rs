//! Retention text → periods, each with an ISO 8601 duration, its trigger, and whether
//! it ends on an event with no bound.

use regex::Regex;
use ropa_model::RetentionItem;
use ropa_model::text::{fold, lower_same_len, re, strip_markup};
use std::sync::LazyLock;

/// A figure or a number word, then a unit, in lower case: looked for in the text lowered
/// at the same offsets ([`lower_same_len`]; built faster than with `(?i)`). Its word
/// boundaries are Unicode ones: with ASCII ones an accented letter would be a boundary,
/// and « peut être mes collègues » would hold « tre mes », three months.
static DURATION: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b([0-9]{1,3}|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|douze|quinze|vingt|trente|one|two|three|four|five|six|seven|ten|twelve|ein|eine|einem|einen|zwei|drei|vier|fünf|sechs|zehn|uno|una|dos|tres|cinco|diez|due|tre|cinque|dieci|een|twee|drie|vijf|tien)\s*(ans|an|ann[ée]es?|mois|semaines?|jours?|years?|months?|weeks?|days?|jahren?|jahre|j\.|monaten?|monate|wochen?|tagen?|tage|años?|meses|mes|semanas?|días?|anni|anno|mesi|mese|settimane?|giorni|giorno|jaar|jaren|maanden|maand|weken|week|dagen|dag|heures?|hours?|stunden|horas?|ore|uur)(?:\b|$|\s)",
    )
});
static TRIGGER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:à compter d[eu']|a compter d[eu']|à partir d[eu']|a partir d[eu']|après|apres|suivant|from|after|following)\b[^.;()]*",
    )
});
/// `1 an pour les fichiers imprimés pour …` → `fichiers imprimés`: what follows the
/// duration after `pour`/`for`, up to the next purpose, bracket or full stop; in lower
/// case, looked for in the text lowered at the same offsets.
static DATA_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^\s*(?:maximum\s+|max\.?\s+)?(?:pour|for)\s+(?:les\s+|la\s+|le\s+|l'|the\s+)?(.+?)(?:\s+(?:pour|afin|to|in order)\b|\s*[(.;:]|$)",
    )
});
/// `Données de paiement : 10 ans` → `Données de paiement`.
static DATA_BEFORE: LazyLock<Regex> = LazyLock::new(|| re(r"^\s*([^:0-9]{3,}?)\s*:\s*\S"));
static OPEN_ENDED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"jusqu|tant que|temps que|until|as long as|durée de vie|duree de vie|ind[ée]fini|illimit|sans limite",
    )
});

/// An event that objectively ends the period though no figure is given: the end of a
/// contract, an employment, a placement or a membership, a consent withdrawn, an
/// unsubscription — in the six languages. « Tot afmelding » is a limit the controller
/// can act on; « aussi longtemps que nécessaire » is none.
static END_EVENT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:fin (?:du |de la |de l'|de |des )?(?:contrat|relation|mission|scolarit[ée]|abonnement|adh[ée]sion|emploi|mandat|prestation|bail|location|stage|formation|garantie|procédure)|dur[ée]e (?:du |de la |de l'|de )?(?:contrat|relation|mission|scolarit[ée]|adh[ée]sion|abonnement|emploi|mandat|bail|stage|placement)|retrait du consentement|r[ée]vocation|r[ée]siliation du contrat|r[ée]sili[ée]?[a-zß-ÿ]* (?:son |le |leur |du )?contrat|termination of (?:the )?(?:contract|employment)|terminat[a-zß-ÿ]* (?:the |their |its |his |her )?contract|(?:suppression|fermeture|cl[ôo]ture) (?:du |de son |de leur )?compte|account (?:is )?(?:deleted|closed)|(?:deletion|closure) of (?:the |their |his |her )?(?:user )?account|closes? (?:their |his |her |the )?account|l[öo]schung (?:des|ihres|seines) (?:benutzer)?kontos|(?:baja|cierre|eliminaci[óo]n) de (?:la|su) cuenta|(?:cancellazione|chiusura) dell'account|(?:verwijdering|opheffing) van (?:het|zijn|haar) account|d[ée]sinscription|d[ée]sabonnement|d[ée]part (?:du |de l'|de la )?(?:salari[ée]|agent|collaborateur|[ée]l[èe]ve|adh[ée]rent)|cl[ôo]ture du dossier|end of (?:the )?(?:contract|employment|relationship|membership|subscription|engagement|placement|tenancy|school)|contract ends|employment ends|duration of (?:the )?(?:contract|employment|membership|placement|engagement)|withdrawal of consent|consent is withdrawn|withdraws? (?:their |his |her )?consent|unsubscri[a-zß-ÿ]*|opt.?out|vertragsende|ende (?:des|der) (?:vertrag[a-zß-ÿ]*|besch[äa]ftigung|mitgliedschaft|ausbildung)|vertragslaufzeit|dauer (?:des|der) (?:vertrag[a-zß-ÿ]*|besch[äa]ftigung|mitgliedschaft)|beendigung|widerruf[a-zß-ÿ]*|abmeldung|austritt|fin (?:del|de la) (?:contrato|relaci[óo]n|escolarizaci[óo]n)|duraci[óo]n del contrato|revocaci[óo]n|baja (?:del|en el) [a-zß-ÿ]+|fine del (?:contratto|rapporto)|durata del (?:contratto|rapporto)|revoca del consenso|disiscrizione|einde (?:van de |van het )?(?:overeenkomst|contract|plaatsing|dienstverband|lidmaatschap)|duur van de (?:plaatsing|overeenkomst|dienstverband|opdracht)|afmelding|uitschrijving|intrekking (?:van de )?toestemming)",
    )
});

/// Words that leave a period to the controller's judgement (« aussi longtemps que
/// nécessaire »): with them, an event named beside ends nothing.
static VAGUE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"aussi longtemps que|tant que n[ée]cessaire|dur[ée]e n[ée]cessaire|as long as (?:necessary|needed|required)|so lange wie|solange (?:erforderlich|n[öo]tig)|mientras sea necesari|finch[ée] necessari|zolang (?:als )?nodig",
    )
});

/// Words before a duration that join it to the period before (`puis 2 ans`), so the
/// text is not split there.
const JOINERS: &[&str] = &[
    "puis",
    "et",
    "ou",
    "pendant",
    "durant",
    "de",
    "d",
    "a",
    "au",
    "bout",
    "sous",
    "dans",
    "apres",
    "avant",
    "maximum",
    "max",
    "minimum",
    "min",
    "soit",
    "plus",
    "moins",
    "then",
    "and",
    "or",
    "for",
    "of",
    "after",
    "within",
    "up",
    "to",
    "les",
    "des",
    "conservees",
    "conserves",
    "conservee",
    "conserve",
    "archivees",
    "archives",
    "supprimees",
    "supprimes",
];

fn number(word: &str) -> Option<u32> {
    if let Ok(n) = word.parse() {
        return Some(n);
    }
    Some(match fold(word).as_str() {
        "un" | "une" | "one" | "ein" | "eine" | "einem" | "einen" | "uno" | "una" | "een" => 1,
        "deux" | "two" | "zwei" | "dos" | "due" | "twee" => 2,
        "trois" | "three" | "drei" | "tres" | "tre" | "drie" => 3,
        "quatre" | "four" | "vier" => 4,
        "cinq" | "five" | "funf" | "cinco" | "cinque" | "vijf" => 5,
        "six" | "sechs" => 6,
        "sept" | "seven" => 7,
        "huit" => 8,
        "neuf" => 9,
        "dix" | "ten" | "zehn" | "diez" | "dieci" | "tien" => 10,
        "douze" | "twelve" => 12,
        "quinze" => 15,
        "vingt" => 20,
        "trente" => 30,
        _ => return None,
    })
}

/// The ISO 8601 duration of a figure and a unit as written (`13`, `mois` → `P13M`).
fn iso_duration(figure: &str, written_unit: &str) -> Option<String> {
    let n = number(figure)?;
    let unit = fold(written_unit);
    if [
        "heure", "heures", "hour", "hours", "stunden", "hora", "horas", "ore", "uur",
    ]
    .contains(&unit.as_str())
    {
        return Some(format!("PT{n}H"));
    }
    let letter = match unit.as_str() {
        // `10 J.` is German for years (French writes days `j`, in lower case)
        _ if written_unit == "J." => 'Y',
        u if u.starts_with("jahr") || u.starts_with("jaar") => 'Y',
        u if u.starts_with("tag") => 'D',
        u if u.starts_with("mese") || u.starts_with("mes") => 'M',
        u if u.starts_with("dag") || u.starts_with("dia") || u.starts_with("giorn") => 'D',
        u if u.starts_with("wo")
            || u.starts_with("we")
            || u.starts_with("sem")
            || u.starts_with("sett") =>
        {
            'W'
        }
        u if u.starts_with("maand")
            || u.starts_with("monat")
            || u.starts_with("mois")
            || u.starts_with("month") =>
        {
            'M'
        }
        u => match u.chars().next()? {
            'a' | 'y' => 'Y',
            'm' => 'M',
            's' | 'w' => 'W',
            'j' | 'd' => 'D',
            _ => return None,
        },
    };
    Some(format!("P{n}{letter}"))
}

/// Splits retention text into periods and reads each.
pub fn periods(text: &str) -> Vec<RetentionItem> {
    let mut out = Vec::new();
    for line in strip_markup(text).lines() {
        for segment in split_periods(line) {
            out.push(read_period(&segment));
        }
    }
    out
}

/// One line → the periods it lists: a new period starts with the clause of a duration
/// that does not follow a joining word, the words before the duration being what it
/// keeps (`lokaal 7 dagen, off-site 90 dagen`, `Données B : 5 ans`). A clause ends at a
/// semicolon or a full stop before a capital, always; at a comma or a dash only once the
/// period before has its duration (`Logs, 7 jours` is one period); with no clause
/// between two durations, the second starts at its figure.
fn split_periods(line: &str) -> Vec<String> {
    let mut cuts = vec![0];
    // where the last duration ends (0 before the first): a stop before it belongs to the
    // period it is in, and the period begun at the last cut has its duration once there
    // is one
    let mut after_last = 0;
    let lower = lower_same_len(line);
    for m in DURATION.find_iter(&lower) {
        let from = *cuts.last().unwrap_or(&0);
        let head = &line[from..m.start()];
        let before = fold(head);
        let last = before.rsplit(' ').next().unwrap_or("");
        let joined = JOINERS.contains(&last) || head.trim_end().ends_with(['+', '&']);
        let (has_duration, tail) = (after_last > 0, after_last.max(from));
        after_last = m.end();
        if before.is_empty() || (joined && !head.trim_end().ends_with(':')) {
            continue;
        }
        let (strong, weak) = clause_ends(&line[tail..m.start()]);
        let cut = if has_duration {
            strong.max(weak).or(Some(m.start() - tail))
        } else {
            strong.filter(|&at| !fold(&line[tail..tail + at]).is_empty())
        };
        cuts.extend(cut.map(|at| tail + at).filter(|&at| at > from));
    }
    cuts.push(line.len());
    // the stop that ends a period is not its text
    cuts.windows(2)
        .map(|w| {
            line[w[0]..w[1]]
                .trim()
                .trim_end_matches([';', ','])
                .trim_end()
                .to_string()
        })
        .filter(|s| ropa_model::text::has_content(s))
        .collect()
}

/// Where the last clause of a text ends, just after its stop: a strong stop (a
/// semicolon, a full stop before a capital) and a weak one (a comma, a dash, a bar).
fn clause_ends(text: &str) -> (Option<usize>, Option<usize>) {
    let (mut strong, mut weak) = (None, None);
    for (at, c) in text.char_indices() {
        let end = at + c.len_utf8();
        match c {
            ';' => strong = Some(end),
            '.' if text[end..].starts_with(char::is_whitespace)
                && text[end..].trim_start().starts_with(char::is_uppercase) =>
            {
                strong = Some(end)
            }
            ',' | '—' | '–' | '|' => weak = Some(end),
            _ => {}
        }
    }
    (strong, weak)
}

fn read_period(text: &str) -> RetentionItem {
    // the word lists are written in lower case and looked for in the text in lower
    // case, at the same offsets (built several times faster than with `(?i)`); what a
    // match holds is read from the text as written
    let lower = lower_same_len(text);
    let found = DURATION.captures(&lower);
    let duration = found.as_ref().and_then(|c| {
        let (figure, unit) = (c.get(1)?.range(), c.get(2)?.range());
        iso_duration(&text[figure], &text[unit])
    });
    let data = found
        .as_ref()
        .and_then(|c| c.get(0))
        .and_then(|m| {
            let after = m.end();
            let g = DATA_AFTER.captures(&lower[after..])?.get(1)?.range();
            Some(&text[after + g.start..after + g.end])
        })
        .or_else(|| Some(DATA_BEFORE.captures(text)?.get(1)?.as_str()))
        .map(|d| d.trim().to_string())
        .filter(|d| ropa_model::text::has_content(d));
    let trigger = TRIGGER
        .find(&lower)
        .map(|m| {
            text[m.range()]
                .trim()
                .trim_end_matches([',', ' '])
                .to_string()
        })
        .filter(|t| t.split_whitespace().count() > 1);
    // no figure, but an event that ends the period: that event bounds it (looked for
    // only then: the pattern of events is the costliest to build, and a register whose
    // periods all have figures never builds it)
    let end = (duration.is_none() && !VAGUE.is_match(&lower))
        .then(|| END_EVENT.find(&lower))
        .flatten()
        .map(|m| text[m.range()].trim().to_string());
    let trigger = trigger.or_else(|| end.clone());
    RetentionItem {
        text: text.to_string(),
        open_ended: duration.is_none() && end.is_none() && OPEN_ENDED.is_match(&lower),
        duration,
        trigger,
        data,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A number word is a word of its own: not the end of another, accented one.
    #[test]
    fn a_number_word_inside_a_word_is_no_duration() {
        // « être » holds the Italian « tre » and « mes » is Spanish for month
        assert_eq!(periods("Peut être mes collègues")[0].duration, None);
        // nor does it cut a period in two before the true one
        let kept = periods("Sauvegarde de la fenêtre mes données : 2 ans");
        assert_eq!(kept.len(), 1, "{kept:?}");
        assert_eq!(kept[0].duration.as_deref(), Some("P2Y"));
        assert_eq!(
            periods("30 j.à compter de la demande")[0]
                .duration
                .as_deref(),
            Some("P30D")
        );
    }

    /// A period per kind of data, each led by what it keeps: the words before a figure
    /// stay with it, a clause ending at a semicolon always, at a comma once the period
    /// before has its figure; a label alone before a comma is no period.
    #[test]
    fn periods_keep_the_data_they_are_for() {
        let texts = |t: &str| -> Vec<String> { periods(t).into_iter().map(|p| p.text).collect() };
        assert_eq!(
            texts("lokaal 7 dagen, off-site 90 dagen"),
            ["lokaal 7 dagen", "off-site 90 dagen"]
        );
        assert_eq!(
            texts("Until the subscriber unsubscribes; consent records kept 3 years after that"),
            [
                "Until the subscriber unsubscribes",
                "consent records kept 3 years after that"
            ]
        );
        assert_eq!(texts("Logs, 12 mois"), ["Logs, 12 mois"]);
        assert_eq!(texts("Target 30 days"), ["Target 30 days"]);
        assert_eq!(
            texts("Bis Verfahrensabschluss (mind. 5 Jahre)"),
            ["Bis Verfahrensabschluss (mind. 5 Jahre)"]
        );
        assert_eq!(
            texts("3 ans après la fin du contrat, puis archivage 10 ans"),
            ["3 ans après la fin du contrat", "puis archivage 10 ans"]
        );
        assert_eq!(texts("1 an puis 2 ans"), ["1 an puis 2 ans"]);
        // a stop before the first figure is not the end of its period
        assert_eq!(
            texts("Logs, 12 months online 24 months archived"),
            ["Logs, 12 months online", "24 months archived"]
        );
    }

    /// The word lists are written in lower case and looked for in the text lowered at
    /// the same offsets: a text in capitals is read as in lower case, and what is kept
    /// of it is the client's words as written.
    #[test]
    fn capitals_are_read_and_kept_as_written() {
        let p = &periods("JUSQU'À LA RÉSILIATION DU CONTRAT")[0];
        assert_eq!(p.duration, None);
        assert_eq!(p.trigger.as_deref(), Some("RÉSILIATION DU CONTRAT"));
        assert!(!p.open_ended);
        let p = &periods("3 ANS À COMPTER DE LA CLÔTURE DU COMPTE")[0];
        assert_eq!(p.duration.as_deref(), Some("P3Y"));
        assert_eq!(
            p.trigger.as_deref(),
            Some("À COMPTER DE LA CLÔTURE DU COMPTE")
        );
        let p = &periods("AUSSI LONGTEMPS QUE NÉCESSAIRE, JUSQU'À LA FIN DU CONTRAT")[0];
        assert_eq!(p.trigger, None, "{p:?}");
        assert!(periods("INDÉFINIMENT")[0].open_ended || periods("Illimitée")[0].open_ended);
    }

    fn durations(t: &str) -> Vec<Option<String>> {
        periods(t).into_iter().map(|p| p.duration).collect()
    }

    #[test]
    fn one_period_per_duration() {
        let t = " 3 mois à compter du dernier jour de l'année scolaire 1 an pour les fichiers imprimés pour traiter les éventuelles réclamations 2 semaines maximum après impression des livres-photos pour le sous-traitant (imprimeur Cloître) 10 ans pour les données de paiement/facturation (délais légal).";
        let p = periods(t);
        assert_eq!(
            durations(t),
            vec![
                Some("P3M".into()),
                Some("P1Y".into()),
                Some("P2W".into()),
                Some("P10Y".into())
            ]
        );
        assert_eq!(
            p[0].trigger.as_deref(),
            Some("à compter du dernier jour de l'année scolaire")
        );
        let data: Vec<Option<&str>> = p.iter().map(|i| i.data.as_deref()).collect();
        assert_eq!(
            data,
            [
                None,
                Some("fichiers imprimés"),
                None,
                Some("données de paiement/facturation")
            ]
        );
        let labelled = periods("Données de prospection : 3 ans. Factures : 10 ans");
        let data: Vec<Option<&str>> = labelled.iter().map(|i| i.data.as_deref()).collect();
        assert_eq!(data, [Some("Données de prospection"), Some("Factures")]);
    }

    #[test]
    fn joined_durations_stay_one_period() {
        assert_eq!(
            durations("Les comptes sont supprimés au bout d'1 an. Les autres à la demande."),
            vec![Some("P1Y".into())]
        );
        assert_eq!(durations("13 mois"), vec![Some("P13M".into())]);
        assert_eq!(
            periods("Durée de l'adhésion + 2 ans, puis suppression").len(),
            1
        );
        assert_eq!(durations("10 Jahre"), vec![Some("P10Y".into())]);
        assert_eq!(durations("10 J."), vec![Some("P10Y".into())]);
        assert_eq!(durations("6 Monate"), vec![Some("P6M".into())]);
        assert_eq!(durations("30 Tage"), vec![Some("P30D".into())]);
        assert_eq!(durations("5 años"), vec![Some("P5Y".into())]);
        assert_eq!(durations("24 meses"), vec![Some("P24M".into())]);
        assert_eq!(durations("10 anni"), vec![Some("P10Y".into())]);
        assert_eq!(durations("6 mesi"), vec![Some("P6M".into())]);
        assert_eq!(durations("7 jaar"), vec![Some("P7Y".into())]);
        assert_eq!(durations("3 maanden"), vec![Some("P3M".into())]);
        assert_eq!(durations("72 Stunden"), vec![Some("PT72H".into())]);
        assert_eq!(durations("48 heures"), vec![Some("PT48H".into())]);
        let p = periods("2 ans après clôture de la demande ou dès la suppression du compte");
        assert_eq!(p.len(), 1);
        assert_eq!(
            p[0].trigger.as_deref(),
            Some("après clôture de la demande ou dès la suppression du compte")
        );
    }

    #[test]
    fn an_event_that_ends_the_period_bounds_it() {
        for t in [
            "Tot afmelding",
            "Duur van de plaatsing",
            "Hasta la revocación del consentimiento",
            "Jusqu'au retrait du consentement",
            "Until the contract ends",
            "Bis zum Widerruf",
            "Pendant la durée du contrat",
            "Jusqu'à la résiliation du contrat",
            "Until termination of the employment",
            "Tant que le client n'a pas résilié son contrat",
            "Until the client terminates the contract",
            // the account's end: the CNIL accepts the account's life as a period (two
            // practitioners' samples, session 15)
            "Jusqu'à la suppression du compte utilisateur.",
            "Until the customer closes their account",
            "Bis zur Löschung des Benutzerkontos",
        ] {
            let p = &periods(t)[0];
            assert!(!p.open_ended && p.trigger.is_some(), "{t}: {p:?}");
        }
        // no event, no bound
        let p = &periods("Aussi longtemps que nécessaire")[0];
        assert!(p.trigger.is_none());
        // a vague phrase beside an event bounds nothing either
        let p = &periods("Jusqu'à la révocation du mandat ou aussi longtemps que nécessaire")[0];
        assert!(p.trigger.is_none(), "{p:?}");
    }

    #[test]
    fn open_ended_periods() {
        let p = periods("Temps que le client ne nous a pas demandé l'effacement de ces données.");
        assert!(p[0].open_ended);
        assert!(!periods("6 mois")[0].open_ended);
    }
}
