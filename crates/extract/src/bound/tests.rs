use super::*;

/// Depth of the tree html5ever builds for `html` once bounded (no flattening).
fn bounded_depth(html: &str) -> usize {
    flatten::depth(&Html::parse_document(&bound_html(html)))
}

fn repeat(unit: &str, n: usize) -> String {
    unit.repeat(n)
}

#[test]
fn ordinary_pages_are_borrowed_unchanged() {
    for html in [
        "",
        "<p>a",
        "<!doctype html><html><head><title>A <b> title</title><style>p{}</style></head>\
         <body><div class=\"x\"><p>One<p>Two<ul><li>a<li>b</ul><table><tr><td>c<td>d</table>\
         <svg><g/><path d='M0'/></svg><math><mi>x</mi></math><!-- note --> x < y</div></body></html>",
        "<select><option>a<option>b</select><textarea><div><div></textarea>",
    ] {
        assert!(
            matches!(bound_html(html), Cow::Borrowed(s) if s == html),
            "{html}"
        );
    }
    // Many siblings are not depth.
    let flat = repeat("<p>para<div>block</div><b>x</b><i>y</i></p>", 5_000);
    assert!(matches!(bound_html(&flat), Cow::Borrowed(_)));
    // Unclosed paragraphs and list items close each other.
    let sloppy = format!(
        "<ul>{}</ul>{}",
        repeat("<li>item", 3_000),
        repeat("<p>text", 3_000)
    );
    assert!(matches!(bound_html(&sloppy), Cow::Borrowed(_)));
}

#[test]
fn deep_nesting_is_cut_to_the_limit_and_text_kept() {
    for unit in [
        "<div>",
        "<span>",
        "<section><span>",
        "<div class=\"a\">",
        "<ul><li>",
    ] {
        let html = format!("<body>{}deep text</body>", repeat(unit, 20_000));
        let bounded = bound_html(&html);
        assert!(bounded.contains("deep text"), "{unit}");
        let depth = bounded_depth(&html);
        assert!(depth <= MAX_TREE_DEPTH, "{unit}: depth {depth}");
        assert!(
            depth >= MAX_DEPTH / 2,
            "{unit}: flattened too much ({depth})"
        );
    }
}

#[test]
fn end_tags_of_dropped_elements_go_too() {
    let open = repeat("<div>", MAX_DEPTH + 10);
    let close = repeat("</div>", MAX_DEPTH + 10);
    let html = format!("{open}inner{close}<p>after</p>");
    let doc = Html::parse_document(&bound_html(&html));
    // "after" is outside every div: the surplus end tags did not close real ones early.
    let p = doc
        .select(&scraper::Selector::parse("p").unwrap_or_else(|e| panic!("{e}")))
        .next()
        .unwrap_or_else(|| panic!("no p"));
    assert!(
        p.ancestors()
            .filter_map(scraper::ElementRef::wrap)
            .all(|a| a.value().name() != "div")
    );
}

/// Nodes of the tree html5ever builds for `html`.
fn nodes(html: &str) -> usize {
    Html::parse_document(html).tree.nodes().count()
}

#[test]
fn constructs_the_parser_deepens_on_its_own_stay_bounded() {
    let fonts: String = (0..400).map(|i| format!("<font id=f{i}>")).collect();
    let cases = [
        // End tags the parser ignores behind a special element.
        repeat("<span><div></span>", 600),
        repeat("<span><span><span><div></span></span></span>", 400),
        // Formatting elements left open, then reopened by the parser in each block.
        format!("{fonts}{}", repeat("<p>x", 400)),
        format!("<p>{fonts}</p>{}", repeat("<p>x</p>", 400)),
        format!("<div>{fonts}</div>{}", repeat("<div>x</div>", 400)),
        // Misnested formatting (adoption agency).
        repeat("<b><div></b>", 600),
        repeat("<a href=x><div>", 600),
        // Tables in cells, implied rows and bodies.
        repeat("<table><tr><td>", 600),
        repeat("<table><td>", 600),
        repeat("<table><caption><table>", 600),
        repeat("<dl><dt><dd>", 600),
        repeat("<ul><li><ol><li>", 600),
        // Foreign content.
        repeat("<svg><g>", 600),
        repeat("<math><mi><span>", 600),
        repeat("<svg><foreignObject><div>", 600),
        repeat("<select><div>", 1_000),
        repeat("<form><div>", 600),
        repeat("<object><div>", 600),
    ];
    for html in cases {
        let what = &html[..html.len().min(60)];
        let tags = html.matches('<').count();
        // Each case is hostile as written: deep, or many times more nodes than tags.
        let raw_depth = flatten::depth(&Html::parse_document(&html));
        assert!(
            raw_depth > MAX_TREE_DEPTH || nodes(&html) > 40 * tags,
            "{what}: not hostile ({raw_depth})"
        );
        let depth = bounded_depth(&html);
        assert!(depth <= MAX_TREE_DEPTH, "{what}: depth {depth}");
        let n = nodes(&bound_html(&html));
        assert!(n <= 40 * tags, "{what}: {n} nodes for {tags} tags");
    }
}

#[test]
fn attributes_past_the_cap_are_dropped() {
    let attrs: String = (0..10_000).map(|i| format!(" a{i}=\"v{i}\"")).collect();
    let html = format!("<p id=keep{attrs}>text</p><img{attrs}/>after");
    let bounded = bound_html(&html);
    assert!(bounded.len() < html.len() / 10, "{}", bounded.len());
    let doc = Html::parse_document(&bounded);
    let p = doc
        .select(&scraper::Selector::parse("p").unwrap_or_else(|e| panic!("{e}")))
        .next()
        .unwrap_or_else(|| panic!("no p"));
    assert_eq!(p.value().attrs().count(), MAX_ATTRIBUTES);
    assert_eq!(p.value().attr("id"), Some("keep"));
    assert!(bounded.contains(">text</p>") && bounded.ends_with("/>after"));
    // Quoted values may hold `>` and the other quote.
    let tricky = format!("<p {}>x</p>", repeat("x='\"y>\"' ", 1_000));
    let bounded = bound_html(&tricky);
    assert!(
        bounded.ends_with(">x</p>"),
        "{}",
        &bounded[bounded.len() - 20..]
    );
}

#[test]
fn size_and_tag_count_are_capped() {
    let big = "é".repeat(MAX_HTML_BYTES);
    let bounded = bound_html(&big);
    assert!(bounded.len() <= MAX_HTML_BYTES && bounded.len() + 2 > MAX_HTML_BYTES);
    let brs = repeat("a<br>", MAX_TAGS + 1_000);
    let bounded = bound_html(&brs);
    assert_eq!(bounded.matches("<br>").count(), MAX_TAGS);
}

#[test]
fn many_tags_deep_in_the_tree_are_cut() {
    let html = format!("{}{}", repeat("<div>", 250), repeat("<p>w", 100_000));
    let bounded = bound_html(&html);
    let kept = bounded.matches("<p>").count();
    // Each read about 250 levels deep: the sum of depths allows about 8,000.
    assert!((5_000..10_000).contains(&kept), "{kept}");
    // The same tags near the root are all read.
    let shallow = repeat("<p>w", 100_000);
    assert!(matches!(bound_html(&shallow), Cow::Borrowed(_)));
}

#[test]
fn raw_text_is_not_read_as_tags() {
    let inside = repeat("<div>", 10 * MAX_DEPTH);
    for (open, close) in [
        ("<textarea>", "</textarea>"),
        ("<title>", "</TITLE >"),
        ("<script type=\"application/ld+json\">", "</script>"),
        ("<!--", "-->"),
    ] {
        let html = format!("{open}{inside}{close}<p>after</p>");
        assert!(matches!(bound_html(&html), Cow::Borrowed(_)), "{open}");
    }
    // In SVG, <style> is an element like any other: what follows is markup.
    let html = format!(
        "<svg><style>{}</style></svg>",
        repeat("<g>", 10 * MAX_DEPTH)
    );
    assert!(matches!(bound_html(&html), Cow::Owned(_)));
}

#[test]
fn raw_text_past_the_depth_limit_goes_with_its_tags() {
    let open = repeat("<div>", MAX_DEPTH + 10);
    let close = repeat("</div>", MAX_DEPTH + 10);
    let html = format!(
        "<body>{open}<textarea><b>hidden</b> {}</textarea><noscript><p>no script</p></noscript>\
         shown{close}<p>after</p></body>",
        repeat("<div>", 1_000)
    );
    let bounded = bound_html(&html);
    assert!(!bounded.contains("hidden") && !bounded.contains("no script"));
    let doc = Html::parse_document(&bounded);
    let text: String = doc.root_element().text().collect();
    assert!(text.contains("shown") && text.contains("after"), "{text}");
    assert!(flatten::depth(&doc) <= MAX_TREE_DEPTH);
    // The end tags of the elements around it still close them: "after" is outside every div.
    let p = doc
        .select(&scraper::Selector::parse("p").unwrap_or_else(|e| panic!("{e}")))
        .next_back()
        .unwrap_or_else(|| panic!("no p"));
    assert!(
        p.ancestors()
            .filter_map(scraper::ElementRef::wrap)
            .all(|a| a.value().name() != "div")
    );
    // One that runs to the end of the page ends it.
    let unclosed = format!("{open}<title>x{}", repeat("<div>", 100));
    let bounded = bound_html(&unclosed);
    assert!(
        !bounded.contains("<title>") && bounded.ends_with("<div><br>"),
        "{}",
        &bounded[bounded.len() - 20..]
    );
}

#[test]
fn parse_checks_the_tree() {
    let html = format!("<body>{}deep</body>", repeat("<div>", 10_000));
    let parsed = parse(&html).unwrap_or_else(|e| panic!("{e}"));
    assert!(flatten::depth(&parsed.doc) <= MAX_TREE_DEPTH);
    assert!(parsed.html.contains("deep"));
}

#[test]
fn flatten_unwraps_deep_elements_and_keeps_text() {
    // Built without the bounding pass, to test the second line of defence alone.
    let html = format!(
        "<body>{}<p>one &amp; two</p><script>hidden()</script><b>three</b></body>",
        repeat("<div>", 1_000)
    );
    let doc = Html::parse_document(&html);
    assert!(flatten::depth(&doc) > 1_000);
    let flat = flatten::flatten(&doc, 50);
    let again = Html::parse_document(&flat);
    // A `<br>` left by an unwrapped block sits one level below the last kept element.
    assert!(flatten::depth(&again) <= 51, "{}", flatten::depth(&again));
    let text: String = again.root_element().text().collect();
    assert!(
        text.contains("one & two") && text.contains("three"),
        "{text}"
    );
    assert!(!text.contains("hidden"), "{text}");
}
