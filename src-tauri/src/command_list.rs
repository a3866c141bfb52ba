// Every command the UI may invoke, each once: its name (the function in `commands.rs`), the
// request it takes and what it returns. `commands.rs` makes the handlers and the bindings'
// signatures of it, `build.rs` the permissions; `capabilities/main.json` must grant each
// (a test checks it). Adding a command is a line here and its function.
commands! {
    get_clipping(GetClippingArgs) -> Clipping;
    import_files(ImportFilesArgs) -> ImportReport;
    import_url(ImportUrlArgs) -> ImportReport;
    list_highlights(ListHighlightsArgs) -> Vec<Highlight>;
    import_pasted(ImportPastedArgs) -> ImportReport;
    cancel_import(NoArgs) -> ();
    paste_clipboard(NoArgs) -> ImportReport;
    add_highlight(AddHighlightArgs) -> Highlight;
    edit_highlight(EditHighlightArgs) -> Highlight;
    delete_highlight(HighlightArgs) -> Highlight;
    restore_highlight(HighlightArgs) -> Highlight;
    set_clipping_note(SetClippingNoteArgs) -> Clipping;
    copy_quote(CopyQuoteArgs) -> Citation;
    list_page(ListPageArgs) -> Page;
    list_tags(NoArgs) -> Vec<TagCount>;
    set_clipping_tag(SetClippingTagArgs) -> Clipping;
    set_highlight_tag(SetHighlightTagArgs) -> Highlight;
    rename_tag(RenameTagArgs) -> TagChange;
    delete_tag(DeleteTagArgs) -> TagChange;
    undo_tag_change(UndoTagChangeArgs) -> ();
    set_trashed(SetTrashedArgs) -> ();
    empty_trash(NoArgs) -> u32;
    counts(NoArgs) -> Counts;
    highlight_page(HighlightPageArgs) -> HighlightPage;
    search(SearchArgs) -> HitPage;
    search_matches(SearchMatchesArgs) -> Vec<TextSpan>;
    find_in_clipping(FindInClippingArgs) -> Vec<TextSpan>;
    saved_searches(NoArgs) -> Vec<SavedSearch>;
    save_search(SaveSearchArgs) -> ();
    rename_search(RenameSearchArgs) -> ();
    delete_search(SearchNameArgs) -> ();
    reorder_searches(ReorderSearchesArgs) -> ();
    app_info(NoArgs) -> AppInfo;
    library_opened(NoArgs) -> bool;
    show_log_folder(NoArgs) -> ();
    back_up_now(NoArgs) -> BackupInfo;
    list_backups(NoArgs) -> Vec<BackupInfo>;
    restore_backup(RestoreBackupArgs) -> Restored;
    export(ExportArgs) -> ExportReport;
    copy_clipping_markdown(GetClippingArgs) -> String;
}
