use super::*;

/// What a type line says: kind, page, location and when, as text.
type Meta = (
    Option<Kind>,
    Option<String>,
    Option<(u32, u32)>,
    Option<String>,
);

fn meta(line: &str) -> Meta {
    let body = strip_dash(line).unwrap_or(line);
    let segments: Vec<&str> = body.split('|').map(str::trim).collect();
    let (places, date) = match segments.split_last() {
        Some((last, rest)) if !rest.is_empty() => (rest, Some(*last)),
        _ => (&segments[..], None),
    };
    let (page, location) = place(places);
    (
        type_line(line).flatten(),
        page.map(|p| p.text),
        location,
        date.and_then(added_at)
            .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string()),
    )
}

#[test]
fn type_lines_in_every_device_language() {
    use Kind::*;
    let at = Some("2020-03-01 22:14:22".to_owned());
    let cases = [
        (
            "- Your Highlight on page 12 | Location 170-172 | Added on Sunday, March 1, 2020 10:14:22 PM",
            Highlight,
            Some("12"),
            Some((170, 172)),
        ),
        (
            "- Your Highlight at location 1234-1236 | Added on Sunday, 1 March 2020 22:14:22",
            Highlight,
            None,
            Some((1234, 1236)),
        ),
        (
            "- Your Note on Location 172 | Added on Sunday, March 1, 2020 10:14:22 PM",
            Note,
            None,
            Some((172, 172)),
        ),
        (
            "- Your Bookmark on page 5 | Location 65 | Added on Sunday, March 1, 2020 10:14:22 PM",
            Bookmark,
            Some("5"),
            Some((65, 65)),
        ),
        (
            "- Your Underline on page 128 | Location 1639-1639 | Added on Sunday, March 1, 2020 10:14:22 PM",
            Highlight,
            Some("128"),
            Some((1639, 1639)),
        ),
        (
            "- Clip This Article at Location 850 | Added on Sunday, March 1, 2020 10:14:22 PM",
            ClippedArticle,
            None,
            Some((850, 850)),
        ),
        (
            "- Ihre Markierung auf Seite 12 | Position 170-172 | Hinzugefügt am Sonntag, 1. März 2020 22:14:22",
            Highlight,
            Some("12"),
            Some((170, 172)),
        ),
        (
            "- Artikel bei Position 699 speichern | Hinzugefügt am Sonntag, 1. März 2020 22:14:22",
            ClippedArticle,
            None,
            Some((699, 699)),
        ),
        (
            "- Votre surlignement sur la page 12 | emplacement 170-172 | Ajouté le dimanche 1 mars 2020 22:14:22",
            Highlight,
            Some("12"),
            Some((170, 172)),
        ),
        (
            "- La subrayado en la página 12 | posición 170-172 | Añadido el domingo, 1 de marzo de 2020 22:14:22",
            Highlight,
            Some("12"),
            Some((170, 172)),
        ),
        (
            "-  La tua evidenziazione alla posizione 170-172 | Aggiunto in data domenica 1 marzo 2020 22:14:22",
            Highlight,
            None,
            Some((170, 172)),
        ),
        (
            "- Evidenziazione Pos. 2536-37  | Aggiunto in data domenica 1 marzo 2020 22:14:22",
            Highlight,
            None,
            Some((2536, 2537)),
        ),
        (
            "- Seu destaque ou posição 170-172 | Adicionado: domingo, 1 de março de 2020 22:14:22",
            Highlight,
            None,
            Some((170, 172)),
        ),
        (
            "- Sua nota na página 75 | posição 788 | Adicionado: domingo, 1 de março de 2020 22:14:22",
            Note,
            Some("75"),
            Some((788, 788)),
        ),
        (
            "- Uw markering op pagina 12 | locatie 170-172 | Toegevoegd op zondag 1 maart 2020 22:14:22",
            Highlight,
            Some("12"),
            Some((170, 172)),
        ),
        (
            "– Ваш выделенный отрывок в месте 170–172 | Добавлено: воскресенье, 1 марта 2020 г. в 22:14:22",
            Highlight,
            None,
            Some((170, 172)),
        ),
        (
            "– Ваша заметка на странице 12 | Добавлено: воскресенье, 1 марта 2020 г. в 22:14:22",
            Note,
            Some("12"),
            None,
        ),
        (
            "- 您在第 12 页（位置 #170-172）的标注 | 添加于 2020年3月1日星期日 下午10:14:22",
            Highlight,
            Some("12"),
            Some((170, 172)),
        ),
        (
            "- 您在第 12-13 页的标注 | 添加于 2020年3月1日星期日 下午10:14:22",
            Highlight,
            Some("12-13"),
            None,
        ),
        (
            "- 12ページ|位置No. 170-172のハイライト |作成日: 2020年3月1日日曜日 22:14:22",
            Highlight,
            Some("12"),
            Some((170, 172)),
        ),
        (
            "- 位置 No. 65のブックマーク |作成日: 2020年3月1日日曜日 22:14:22",
            Bookmark,
            None,
            Some((65, 65)),
        ),
    ];
    for (line, kind, page, location) in cases {
        assert_eq!(
            meta(line),
            (Some(kind), page.map(str::to_owned), location, at.clone()),
            "{line}"
        );
    }
}

#[test]
fn old_firmware_pdfs_and_roman_pages() {
    let (kind, page, location, added) =
        meta("- Highlight Loc. 1234-36 | Added on Monday, April 20, 2009, 07:53 AM");
    assert_eq!(
        (kind, page, location),
        (Some(Kind::Highlight), None, Some((1234, 1236)))
    );
    assert_eq!(added.as_deref(), Some("2009-04-20 07:53:00"));
    let (_, page, location, _) =
        meta("- Your Highlight on page xii | Added on Friday, May 5, 2023 12:05:00 AM");
    assert_eq!((page.as_deref(), location), (Some("xii"), None));
    let (_, page, _, _) =
        meta("- Your Highlight on page xv-xv | Added on Friday, May 5, 2023 12:05:00 AM");
    assert_eq!(page.as_deref(), Some("xv"));
    let (_, _, _, added) =
        meta("- Your Highlight on page 3 | Added on Friday, May 5, 2023 12:05:00 AM");
    assert_eq!(added.as_deref(), Some("2023-05-05 00:05:00"));
    assert_eq!(number_range("1298-02"), Some((1298, 1302)));
}

#[test]
fn a_page_shown_as_a_location_is_the_page() {
    let (_, page, location, _) = meta(
        "- Your Highlight at location 174 | location 2665-2666 | Added on Sunday, March 1, 2020 10:14:22 PM",
    );
    assert_eq!(
        (page.as_deref(), location),
        (Some("174"), Some((2665, 2666)))
    );
}

#[test]
fn a_year_outside_the_calendar_is_no_date() {
    let (_, _, _, added) =
        meta("- Your Highlight on page 3 | Added on Friday, May 5, 99999 12:05:00 AM");
    assert_eq!(added, None);
}

#[test]
fn limit_placeholders_in_every_device_language() {
    for text in [
        "<You have reached the clipping limit for this item>",
        "<このアイテムのクリップの上限に達しました>",
        "<Você alcançou o limite de recortes para este item>",
        "<您已达到本内容的剪贴上限>",
        "<Sie haben die Höchstgrenze für Clips für diesen Artikel erreicht>",
        "<Ha alcanzado el límite de recortes para este artículo>",
    ] {
        assert!(is_limit_placeholder(text), "{text}");
    }
    assert!(!is_limit_placeholder("<b>limit</b> of <i>reason</i>"));
    assert!(!is_limit_placeholder("The limit of reason."));
}

#[test]
fn book_lines() {
    let cases = [
        ("The Book (Jane Doe)", "The Book", Some("Jane Doe")),
        (
            "Thinking (Fast (and Slow)) (Kahneman, Daniel)",
            "Thinking (Fast (and Slow))",
            Some("Daniel Kahneman"),
        ),
        ("A Title Without Author", "A Title Without Author", None),
        (
            "Essays (Montaigne, Michel de; Screech, M. A.)",
            "Essays",
            Some("Montaigne, Michel de; Screech, M. A."),
        ),
    ];
    for (line, title, author) in cases {
        assert_eq!(
            split_book_line(line),
            (title.to_owned(), author.map(str::to_owned)),
            "{line}"
        );
    }
}

#[test]
fn clippings_are_told_from_other_text() {
    let entry = "Book (A)\n- Your Highlight on page 1 | Added on Friday, May 5, 2023 12:05:00 AM\n\nText\n==========\n";
    assert!(is_kindle_clippings(entry));
    assert!(is_kindle_clippings(&format!("==========\n{entry}")));
    assert!(is_kindle_clippings(&format!(
        "the tail of a cut entry.\n==========\n{entry}"
    )));
    assert!(!is_kindle_clippings(
        "A Title\n==========\n\nSome prose - with dashes.\n"
    ));
    assert!(!is_kindle_clippings(
        "Shopping\n- eggs\n- milk\n==========\n"
    ));
}

#[test]
fn line_ends_of_every_kind_and_byte_order_marks_on_every_entry() {
    let lines: Vec<&str> = clean_lines("\u{feff}a\r\nb\rc\n\u{feff}d").collect();
    assert_eq!(lines, ["a", "b", "c", "d"]);
    let file = "Book (A)\r- Your Highlight on page 1 | Added on Friday, May 5, 2023 12:05:00 AM\r\rOld Mac line ends.\r==========\r";
    let read = parse(file, Path::new("x.txt")).unwrap();
    assert_eq!(read.entries.len(), 1);
    assert_eq!(read.entries[0].text, "Old Mac line ends.");
}
