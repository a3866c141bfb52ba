//! A drag source for the drag-and-drop test: a small GTK window at the right edge of the
//! screen that drags the `file://` URIs given as arguments, as a file manager would. The
//! test moves the pointer with xdotool; the drop travels over X11's XDND protocol into the
//! app, exactly as a person's would. Prints `ready` once the window is shown, and exits when
//! the drag ends.

use gtk::gdk;
use gtk::prelude::*;

fn main() {
    let uris: Vec<String> = std::env::args().skip(1).collect();
    gtk::init().expect("GTK starts (is there a display?)");
    let window = gtk::Window::new(gtk::WindowType::Toplevel);
    window.set_title("Drag source");
    window.set_default_size(120, 60);
    window.move_(1300, 40);
    let button = gtk::Button::with_label("Drag me");
    let targets = [gtk::TargetEntry::new(
        "text/uri-list",
        gtk::TargetFlags::OTHER_APP,
        0,
    )];
    button.drag_source_set(
        gdk::ModifierType::BUTTON1_MASK,
        &targets,
        gdk::DragAction::COPY,
    );
    button.connect_drag_data_get(move |_, _, data, _, _| {
        let uris: Vec<&str> = uris.iter().map(String::as_str).collect();
        data.set_uris(&uris);
    });
    button.connect_drag_end(|_, _| gtk::main_quit());
    window.add(&button);
    window.connect_map_event(|_, _| {
        println!("ready");
        glib::Propagation::Proceed
    });
    window.show_all();
    gtk::main();
}
