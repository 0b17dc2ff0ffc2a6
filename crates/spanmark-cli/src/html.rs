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
use spanmark_core::import::text::{page_pieces, PageNode, PageView, Piece};

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
        Some(r) => (page_pieces(Page(r)), title),
        None => (Vec::new(), title),
    }
}

/// The html5ever tree as the core's walk sees a page.
#[derive(Clone, Copy)]
struct Page<'a>(NodeRef<'a, Node>);

impl PageNode for Page<'_> {
    fn view(&self) -> PageView {
        match self.0.value() {
            Node::Text(t) => PageView::Text(t.to_string()),
            Node::Element(el) => PageView::Element {
                tag: el.name().to_ascii_lowercase(),
                hidden: el.attrs().any(|(name, _)| name == "hidden"),
            },
            _ => PageView::Other,
        }
    }

    fn children(&self) -> Vec<Self> {
        self.0.children().map(Page).collect()
    }

    fn text_content(&self) -> String {
        text_content(self.0)
    }
}
