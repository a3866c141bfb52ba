//! Page objects: what the tests do in each part of the window, in a person's words (open a
//! clipping, read its article, make a highlight in a colour, go to a view), over the parts
//! named in [`crate::parts`]. A test that needs something new of a part adds it here.

use fantoccini::Locator;
use serde_json::{Value, json};

use crate::{App, click, parts};

impl App {
    /// The list of clippings (and the empty library).
    pub fn list(&self) -> List<'_> {
        List(self)
    }

    /// The reader: the open clipping's header and its article in the frame.
    pub fn reader(&self) -> Reader<'_> {
        Reader(self)
    }

    /// The toolbar at a selection, and a highlight's popover.
    pub fn toolbar(&self) -> Toolbar<'_> {
        Toolbar(self)
    }

    /// The sidebar's sections and tags.
    pub fn sidebar(&self) -> Sidebar<'_> {
        Sidebar(self)
    }
}

/// The list of clippings.
pub struct List<'a>(&'a App);

impl List<'_> {
    /// Waits until the app shows its empty library.
    pub async fn wait_for_empty_library(&self) {
        self.0
            .wait_for("the empty state", "return !!cp.emptyLibrary();")
            .await;
    }

    /// Waits until the clipping list shows `count` rows.
    pub async fn wait_for_rows(&self, count: usize) {
        let script = format!("return cp.all.clippingRow().length === {count};");
        self.0
            .wait_for(&format!("{count} rows in the list"), &script)
            .await;
    }

    /// Clicks the list row of clipping `id` and waits for the reader to show `title`.
    pub async fn open(&self, id: &Value, title: &str) {
        let row = self
            .0
            .client
            .find(Locator::Css(&format!("#clipping-{id}")))
            .await
            .unwrap_or_else(|e| panic!("no row for clipping {id}: {e}"));
        row.click().await.expect("the row can be clicked");
        let script = format!(
            "const t = cp.readerTitle();
             return t && t.textContent === {};",
            json!(title)
        );
        self.0
            .wait_for(&format!("the reader to show {title}"), &script)
            .await;
    }

    /// The titles of the rows, in order.
    pub async fn titles(&self) -> Value {
        self.0
            .js("return [...cp.all.clippingRow(' .title')].map(e => e.textContent);")
            .await
    }
}

/// The reader.
pub struct Reader<'a>(&'a App);

impl Reader<'_> {
    /// The textContent of the article in the reader's frame, once the frame shows clipping
    /// `id` (its document loads after the reader's header has changed).
    pub async fn text(&self, id: &Value) -> String {
        let script = format!(
            "const f = cp.readerFrame();
             const c = f && f.dataset.clippingId === '{id}' && f.contentDocument.getElementById('content');
             return c && c.textContent.length > 0 ? c.textContent : null;"
        );
        self.0
            .wait_for(&format!("clipping {id} to render in the frame"), &script)
            .await
            .as_str()
            .expect("text")
            .to_owned()
    }

    /// The reader's title.
    pub async fn title(&self) -> String {
        self.0
            .js("return cp.readerTitle()?.textContent ?? '';")
            .await
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }
}

/// The toolbar at a selection, and a highlight's popover.
pub struct Toolbar<'a>(&'a App);

impl Toolbar<'_> {
    /// Waits for the toolbar at a selection.
    pub async fn wait(&self) {
        self.0
            .wait_for("the selection toolbar", "return !!cp.selectionToolbar();")
            .await;
    }

    /// Chooses colour `color` (`yellow`, `green`, `blue`, `pink`, `purple`): highlights the
    /// selection in it, or recolours the highlight whose popover is open.
    pub async fn color(&self, color: &str) {
        let css = match color {
            "yellow" => parts::COLOR_YELLOW,
            "green" => parts::COLOR_GREEN,
            "blue" => parts::COLOR_BLUE,
            "purple" => parts::COLOR_PURPLE,
            other => panic!("no colour button for {other:?}"),
        };
        click(self.0, css).await;
    }

    /// Waits for a highlight's popover.
    pub async fn wait_for_popover(&self) {
        self.0
            .wait_for("the highlight's popover", "return !!cp.highlightPopover();")
            .await;
    }
}

/// The sidebar.
pub struct Sidebar<'a>(&'a App);

impl Sidebar<'_> {
    /// Goes to the view `kind` (`library`, `highlights`, `notes`, `trash`).
    pub async fn view(&self, kind: &str) {
        let css = match kind {
            "library" => parts::VIEW_LIBRARY,
            "highlights" => parts::VIEW_HIGHLIGHTS,
            "notes" => parts::VIEW_NOTES,
            "trash" => parts::VIEW_TRASH,
            other => panic!("no view {other:?} in the sidebar"),
        };
        click(self.0, css).await;
    }

    /// Opens the About panel (the app's name at the top).
    pub async fn about(&self) {
        click(self.0, parts::BRAND).await;
    }

    /// The tag `name`'s entry in the tag tree.
    pub fn tag(name: &str) -> String {
        format!("{}[data-tag={}]", parts::TAG_ENTRY, name)
    }
}

/// Finds the element `css` names, for typing into it.
pub async fn find(app: &App, css: &str) -> fantoccini::elements::Element {
    app.client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no element {css}: {e}"))
}
