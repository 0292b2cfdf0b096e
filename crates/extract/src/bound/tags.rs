//! The tags the scanner tells apart: their kind and flags, as the tree builder's rules
//! need them, and a hash of their names.

/// What the scanner read of a start or end tag.
pub(super) struct Tag {
    /// [`name_hash`] of the lower-cased name.
    pub hash: u64,
    pub kind: Kind,
    pub flags: u16,
    /// Written `<x/>`.
    pub self_closing: bool,
    /// Hash of the attributes as written (the "Noah's Ark" clause compares them).
    pub attrs_key: u64,
    /// A `<font>` with `color`, `face` or `size` (it leaves foreign content).
    pub font_breakout: bool,
}

/// Tags the model treats one by one; the rest are told apart by their [`flags`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Other,
    Html,
    Body,
    Head,
    P,
    Li,
    DdDt,
    Heading,
    Button,
    Form,
    Table,
    Caption,
    Colgroup,
    Section,
    Tr,
    Cell,
    Select,
    Option,
    Optgroup,
    A,
    Nobr,
    Svg,
    Math,
    Template,
    Input,
    Integration,
    Address,
    Div,
}

pub(super) const VOID: u16 = 1;
pub(super) const SPECIAL: u16 = 1 << 1;
pub(super) const FORMATTING: u16 = 1 << 2;
/// A boundary of the parser's default scope.
pub(super) const SCOPE: u16 = 1 << 3;
/// Its start tag closes an open `<p>`.
pub(super) const CLOSES_P: u16 = 1 << 4;
/// Its start tag puts a marker on the list of active formatting elements.
pub(super) const MARKER: u16 = 1 << 5;
/// Its content is raw text (RAWTEXT or RCDATA) up to its end tag.
pub(super) const RAW: u16 = 1 << 6;
/// Everything after its start tag is text.
pub(super) const PLAINTEXT: u16 = 1 << 7;
/// It ends a paragraph: a dropped one is replaced by a `<br>`.
pub(super) const BLOCK: u16 = 1 << 8;
/// It leaves SVG or MathML content.
pub(super) const BREAKOUT: u16 = 1 << 9;

/// FNV-1a of the ASCII-lower-cased bytes of a tag name.
pub(super) fn name_hash(name: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in name {
        h ^= u64::from(b.to_ascii_lowercase());
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The kind and flags of a tag name.
pub(super) fn classify(name: &[u8]) -> (Kind, u16) {
    let mut buf = [0u8; 16];
    if name.len() > buf.len() {
        return (Kind::Other, 0);
    }
    for (d, s) in buf.iter_mut().zip(name) {
        *d = s.to_ascii_lowercase();
    }
    let n = &buf[..name.len()];
    let block_p = SPECIAL | CLOSES_P | BLOCK;
    match n {
        b"html" => (Kind::Html, SPECIAL | SCOPE),
        b"body" => (Kind::Body, SPECIAL | BREAKOUT),
        b"head" => (Kind::Head, SPECIAL | BREAKOUT),
        b"p" => (Kind::P, block_p | BREAKOUT),
        b"li" => (Kind::Li, block_p | BREAKOUT),
        b"dd" | b"dt" => (Kind::DdDt, block_p | BREAKOUT),
        b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6" => (Kind::Heading, block_p | BREAKOUT),
        b"button" => (Kind::Button, SPECIAL),
        b"form" => (Kind::Form, block_p),
        b"table" => (Kind::Table, SPECIAL | SCOPE | BLOCK | BREAKOUT),
        b"caption" => (Kind::Caption, SPECIAL | SCOPE | MARKER | BLOCK),
        b"colgroup" => (Kind::Colgroup, SPECIAL),
        b"col" => (Kind::Other, SPECIAL | VOID),
        b"tbody" | b"thead" | b"tfoot" => (Kind::Section, SPECIAL | BLOCK),
        b"tr" => (Kind::Tr, SPECIAL | BLOCK),
        b"td" | b"th" => (Kind::Cell, SPECIAL | SCOPE | MARKER | BLOCK),
        b"select" => (Kind::Select, SPECIAL),
        b"option" => (Kind::Option, 0),
        b"optgroup" => (Kind::Optgroup, 0),
        b"a" => (Kind::A, FORMATTING),
        b"nobr" => (Kind::Nobr, FORMATTING | BREAKOUT),
        b"b" | b"big" | b"code" | b"em" | b"i" | b"s" | b"small" | b"strike" | b"strong"
        | b"tt" | b"u" => (Kind::Other, FORMATTING | BREAKOUT),
        b"font" => (Kind::Other, FORMATTING),
        b"svg" => (Kind::Svg, 0),
        b"math" => (Kind::Math, 0),
        b"template" => (Kind::Template, SPECIAL | SCOPE | MARKER),
        b"applet" | b"marquee" | b"object" => (Kind::Other, SPECIAL | SCOPE | MARKER),
        b"input" | b"keygen" => (Kind::Input, SPECIAL | VOID),
        b"textarea" => (Kind::Input, SPECIAL | RAW),
        b"foreignobject" | b"desc" | b"mi" | b"mo" | b"mn" | b"ms" | b"mtext"
        | b"annotation-xml" => (Kind::Integration, 0),
        b"title" | b"style" | b"script" | b"xmp" | b"iframe" | b"noembed" | b"noframes"
        | b"noscript" => (Kind::Other, SPECIAL | RAW),
        b"plaintext" => (Kind::Other, SPECIAL | CLOSES_P | PLAINTEXT),
        b"br" | b"img" | b"embed" | b"hr" | b"meta" => (Kind::Other, SPECIAL | VOID | BREAKOUT),
        b"area" | b"base" | b"basefont" | b"bgsound" | b"frame" | b"image" | b"link" | b"param"
        | b"source" | b"track" | b"wbr" => (Kind::Other, SPECIAL | VOID),
        b"address" => (Kind::Address, block_p),
        b"div" => (Kind::Div, block_p | BREAKOUT),
        b"blockquote" | b"center" | b"dl" | b"listing" | b"menu" | b"ol" | b"pre" | b"ul" => {
            (Kind::Other, block_p | BREAKOUT)
        }
        b"article" | b"aside" | b"details" | b"dialog" | b"dir" | b"fieldset" | b"figcaption"
        | b"figure" | b"footer" | b"header" | b"hgroup" | b"main" | b"nav" | b"search"
        | b"section" | b"summary" => (Kind::Other, block_p),
        b"frameset" => (Kind::Other, SPECIAL),
        b"ruby" | b"span" | b"sub" | b"sup" | b"var" => (Kind::Other, BREAKOUT),
        _ => (Kind::Other, 0),
    }
}
