//! An HTML page's visible text, read as the app reads it: the app parses the
//! page with the browser's `DOMParser` into a detached document and walks it
//! (`src/web/intake.rs`); here html5ever builds the same tree (the HTML
//! standard's parsing algorithm, with scripting off as for `DOMParser`, so a
//! `<noscript>` holds elements rather than raw text), and the same walk
//! hands the core's [`text::html`] the same pieces.

use ego_tree::NodeRef;
use html5ever::driver::{self, ParseOpts};
use html5ever::tendril::TendrilSink;
use html5ever::tree_builder::TreeBuilderOpts;
use scraper::{Html, HtmlTreeSink, Node};
use spanmark_core::import::text::{shows, Piece, Shows};

fn parse(html: &str) -> Html {
    let opts = ParseOpts {
        tree_builder: TreeBuilderOpts {
            scripting_enabled: false,
            ..TreeBuilderOpts::default()
        },
        ..ParseOpts::default()
    };
    driver::parse_document(HtmlTreeSink::new(Html::new_document()), opts).one(html)
}

fn is_html(n: &NodeRef<'_, Node>, name: &str) -> bool {
    n.value()
        .as_element()
        .is_some_and(|e| e.name.ns == html5ever::ns!(html) && &*e.name.local == name)
}

/// The DOM's `textContent` of an element: every descendant text node, in
/// tree order. A `<template>`'s contents are a separate fragment in the DOM,
/// so they are not descendants (scraper hangs them under a fragment node).
fn text_content(n: NodeRef<'_, Node>) -> String {
    let mut out = String::new();
    let mut stack = vec![n];
    while let Some(n) = stack.pop() {
        match n.value() {
            Node::Text(t) => out.push_str(t),
            Node::Fragment => continue,
            _ => {}
        }
        stack.extend(n.children().rev());
    }
    out
}

/// `document.title`: the first HTML `<title>`'s child text, ASCII
/// whitespace stripped and collapsed.
fn title(doc: &Html) -> String {
    let Some(t) = doc.tree.root().descendants().find(|n| is_html(n, "title")) else {
        return String::new();
    };
    let own: String = t
        .children()
        .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
        .collect();
    own.split([' ', '\t', '\n', '\r', '\u{c}'])
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The pieces of a page's visible text and its title (`<title>`, else its
/// first `<h1>`), as `web::intake::html_pieces` gives them.
pub fn pieces(html: &str) -> (Vec<Piece>, Option<String>) {
    let doc = parse(html);
    let title = Some(title(&doc))
        .filter(|t| !t.trim().is_empty())
        .or_else(|| {
            doc.tree
                .root()
                .descendants()
                .find(|n| n.value().as_element().is_some_and(|e| e.name() == "h1"))
                .map(text_content)
        });
    // `document.body`: the html element's first body or frameset child,
    // else the document element itself.
    let document_element = doc.tree.root().children().find(|n| n.value().is_element());
    let root = document_element.and_then(|html| {
        if !is_html(&html, "html") {
            return Some(html);
        }
        html.children()
            .find(|c| is_html(c, "body") || is_html(c, "frameset"))
            .or(Some(html))
    });
    match root {
        Some(r) => (walk(r), title),
        None => (Vec::new(), title),
    }
}

enum Step<'a> {
    Enter(NodeRef<'a, Node>),
    Emit(Piece),
}

/// The pieces under `root` in document order, iteratively: a page may nest
/// deeper than the stack would like.
fn walk(root: NodeRef<'_, Node>) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut stack = vec![Step::Enter(root)];
    while let Some(step) = stack.pop() {
        let node = match step {
            Step::Emit(p) => {
                out.push(p);
                continue;
            }
            Step::Enter(n) => n,
        };
        let el = match node.value() {
            Node::Text(t) => {
                out.push(Piece::Text(t.to_string()));
                continue;
            }
            Node::Element(el) => el,
            _ => continue,
        };
        if el.attrs().any(|(name, _)| name == "hidden") {
            continue;
        }
        let breaks = match shows(&el.name().to_ascii_lowercase()) {
            Shows::Hidden => continue,
            Shows::Br => {
                out.push(Piece::Pre("\n".into()));
                continue;
            }
            Shows::Pre => {
                out.push(Piece::Break(2));
                out.push(Piece::Pre(text_content(node)));
                out.push(Piece::Break(2));
                continue;
            }
            Shows::Inline => 0,
            Shows::Block => 1,
            Shows::Paragraph => 2,
        };
        if breaks > 0 {
            out.push(Piece::Break(breaks));
            stack.push(Step::Emit(Piece::Break(breaks)));
        }
        stack.extend(node.children().rev().map(Step::Enter));
    }
    out
}
