//! The depth of a parsed tree, and the tree written out as HTML with its deep elements
//! unwrapped. Both walk the tree with `ego_tree`'s traversal (open and close edges), not by
//! recursion.

use ego_tree::iter::Edge;
use html5ever::serialize::{HtmlSerializer, SerializeOpts, Serializer, TraversalScope};
use scraper::{Html, Node};

use super::tags::{BLOCK, classify};

/// Elements on the longest path from the root of `doc` to a leaf.
pub(super) fn depth(doc: &Html) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(n) if n.value().is_element() => {
                depth += 1;
                max = max.max(depth);
            }
            Edge::Close(n) if n.value().is_element() => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

/// Elements whose text is not the page's text: unwrapped, they would show it.
fn hides_text(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "template"
            | "noscript"
            | "textarea"
            | "title"
            | "xmp"
            | "iframe"
            | "noembed"
            | "noframes"
            | "plaintext"
            | "head"
    )
}

/// `doc` as HTML, with every element deeper than `max` unwrapped: its tags dropped (a block
/// element leaves a `<br>`), its text and its children kept in place; the content of a deep
/// script, style, template or form field is dropped.
pub(super) fn flatten(doc: &Html, max: usize) -> String {
    let mut out = Vec::new();
    let opts = SerializeOpts {
        scripting_enabled: true,
        traversal_scope: TraversalScope::ChildrenOnly(None),
        create_missing_parent: true,
    };
    let mut ser = HtmlSerializer::new(&mut out, opts);
    // Writing to a Vec cannot fail; a failure would only cut the output short.
    let _ = write(doc, max, &mut ser);
    drop(ser);
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

fn write<S: Serializer>(doc: &Html, max: usize, ser: &mut S) -> std::io::Result<()> {
    let br = html5ever::QualName::new(None, html5ever::ns!(html), html5ever::local_name!("br"));
    let mut depth = 0usize;
    // Depth of a deep element whose content is dropped, while inside it.
    let mut hidden: Option<usize> = None;
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => {
                let value = node.value();
                if let Node::Element(e) = value {
                    depth += 1;
                    if hidden.is_some() {
                        continue;
                    }
                    if depth <= max {
                        let attrs = e.attrs.iter().map(|(k, v)| (k, &v[..]));
                        ser.start_elem(e.name.clone(), attrs)?;
                    } else if hides_text(e.name()) {
                        hidden = Some(depth);
                    } else if classify(e.name().as_bytes()).1 & BLOCK != 0 {
                        ser.start_elem(br.clone(), std::iter::empty())?;
                        ser.end_elem(br.clone())?;
                    }
                    continue;
                }
                if hidden.is_some() {
                    continue;
                }
                match value {
                    Node::Text(t) => ser.write_text(t)?,
                    Node::Comment(c) => ser.write_comment(c)?,
                    Node::Doctype(d) => ser.write_doctype(d.name())?,
                    Node::ProcessingInstruction(p) => {
                        ser.write_processing_instruction(&p.target, &p.data)?
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                let Node::Element(e) = node.value() else {
                    continue;
                };
                let d = depth;
                depth -= 1;
                match hidden {
                    Some(h) if h == d => {
                        hidden = None;
                        continue;
                    }
                    Some(_) => continue,
                    None => {}
                }
                if d <= max {
                    ser.end_elem(e.name.clone())?;
                } else if classify(e.name().as_bytes()).1 & BLOCK != 0 {
                    ser.start_elem(br.clone(), std::iter::empty())?;
                    ser.end_elem(br.clone())?;
                }
            }
        }
    }
    Ok(())
}
