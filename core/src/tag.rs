//! Tags: putting them on clippings and highlights, and renaming, merging and deleting them
//! (children follow their parent) in a way that can be undone. A tag's storage, and what
//! makes two names one tag, are in [`crate::store::tags`].

use crate::error::{Error, Result};
use crate::model::{TagChange, TagCount};
use crate::model::{tag_key as key, valid_tag_name as valid_name};
use crate::store::clippings;
use crate::store::highlights;
use crate::store::library::Library;
use crate::store::tags::{self, Carrier};

pub use crate::model::normalize_tag_name as normalize_name;

impl Library {
    /// Every tag with its counts, in name order (a parent before its children): each tag's
    /// counters of what shows it (V6, kept by triggers), not a count of every assignment.
    pub fn tags(&self) -> Result<Vec<TagCount>> {
        tags::counts(&self.conn)
    }

    /// Puts tag `name` on a clipping; returns the clipping's tags.
    pub fn tag_clipping(&mut self, clipping_id: i64, name: &str) -> Result<Vec<String>> {
        let normalized = valid_name(name)?;
        self.write(|tx| {
            clippings::require(tx, clipping_id)?;
            tags::add_to_clipping(tx, clipping_id, &[normalized])?;
            Ok(())
        })?;
        tags::of_clipping(&self.conn, clipping_id)
    }

    /// Takes tag `name` off a clipping; returns the clipping's tags.
    pub fn untag_clipping(&mut self, clipping_id: i64, name: &str) -> Result<Vec<String>> {
        let normalized = valid_name(name)?;
        self.write(|tx| {
            clippings::require(tx, clipping_id)?;
            tags::remove_from_clipping(tx, clipping_id, &normalized)
        })?;
        tags::of_clipping(&self.conn, clipping_id)
    }

    /// Puts tag `name` on a clipping (`on`) or takes it off; returns the clipping's tags.
    pub fn set_clipping_tag(
        &mut self,
        clipping_id: i64,
        name: &str,
        on: bool,
    ) -> Result<Vec<String>> {
        if on {
            self.tag_clipping(clipping_id, name)
        } else {
            self.untag_clipping(clipping_id, name)
        }
    }

    /// Puts tag `name` on a highlight (`on`) or takes it off.
    pub fn set_highlight_tag(&mut self, highlight_id: i64, name: &str, on: bool) -> Result<()> {
        if on {
            self.tag_highlight(highlight_id, name)
        } else {
            self.untag_highlight(highlight_id, name)
        }
    }

    /// Puts tag `name` on a highlight.
    pub fn tag_highlight(&mut self, highlight_id: i64, name: &str) -> Result<()> {
        self.write(|tx| {
            highlights::require(tx, highlight_id)?;
            tags::add_to_highlight(tx, highlight_id, name)
        })
    }

    /// Takes tag `name` off a highlight.
    pub fn untag_highlight(&mut self, highlight_id: i64, name: &str) -> Result<()> {
        self.write(|tx| tags::remove_from_highlight(tx, highlight_id, name))
    }

    /// Renames tag `old` (and the tags beneath it) to `new`, in one transaction. When `new`
    /// (or a renamed child) already exists, the two are merged.
    pub fn rename_tag(&mut self, old: &str, new: &str) -> Result<TagChange> {
        let old_name = valid_name(old)?;
        let new_name = valid_name(new)?;
        let (old_key, new_key) = (key(&old_name), key(&new_name));
        if new_key != old_key && new_key.starts_with(&format!("{old_key}/")) {
            return Err(Error::InvalidTag(format!(
                "{new_name} (a tag cannot move beneath itself)"
            )));
        }
        self.write(|tx| {
            let sources = tags::subtree(tx, &old_key)?;
            if sources.is_empty() {
                return Err(Error::TagNotFound(old_name.clone()));
            }
            // Each source tag, its new name, and the tag that already has that name (which
            // it merges with). What the change touches is these and nothing else.
            let mut moves = Vec::with_capacity(sources.len());
            let mut change = TagChange {
                before: Vec::new(),
                created: Vec::new(),
            };
            for source in sources {
                let name = &source.name;
                let renamed = format!("{new_name}{}", &name[old_name.len().min(name.len())..]);
                let renamed_key = key(&renamed);
                let existing = tags::by_key(tx, &renamed_key)?;
                for (touched, touched_name) in std::iter::once((source.id, name))
                    .chain(existing.iter().map(|t| (t.id, &t.name)))
                {
                    if !change.before.iter().any(|s| s.id == touched) {
                        change
                            .before
                            .push(tags::state_of(tx, touched, touched_name.clone())?);
                    }
                }
                moves.push((source, renamed, renamed_key, existing));
            }
            for (source, renamed, renamed_key, existing) in moves {
                let id = source.id;
                match existing {
                    Some(target) if target.id != id => {
                        // Whichever of the two carries less moves into the other (what it
                        // already has stays behind, then goes), so a merge costs what the
                        // smaller tag does. The tag that stays is the target, by name.
                        let (from, into) = if tags::uses(tx, id)? > tags::uses(tx, target.id)? {
                            (target.id, id)
                        } else {
                            (id, target.id)
                        };
                        tags::merge(tx, from, into)?;
                        if into == id {
                            tags::rename(tx, id, &target.name, &renamed_key)?;
                        }
                    }
                    _ => {
                        tags::rename(tx, id, &renamed, &renamed_key)?;
                        if renamed_key != source.key {
                            change.created.push(renamed.clone());
                        }
                    }
                }
            }
            Ok(change)
        })
    }

    /// Deletes tag `name` and the tags beneath it from everything that carries them.
    pub fn delete_tag(&mut self, name: &str) -> Result<TagChange> {
        let normalized = valid_name(name)?;
        self.write(|tx| {
            let doomed = tags::subtree(tx, &key(&normalized))?;
            if doomed.is_empty() {
                return Err(Error::TagNotFound(normalized.clone()));
            }
            let mut change = TagChange {
                before: Vec::new(),
                created: Vec::new(),
            };
            for tag in doomed {
                change.before.push(tags::state_of(tx, tag.id, tag.name)?);
                tags::delete(tx, tag.id)?;
            }
            Ok(change)
        })
    }

    /// Undoes a rename, merge or delete: every tag it touched is as it was. A tag that still
    /// exists (renamed, or what a merge kept) gets its name back and loses or regains only
    /// the assignments that differ; a tag that went is made again, with its id when free.
    pub fn undo_tag_change(&mut self, change: &TagChange) -> Result<()> {
        self.write(|tx| {
            // First the touched tags that still exist step aside (to a key no name can
            // have), so that what now holds their names can go and they can take them back.
            let mut stepped_aside = Vec::new();
            for state in &change.before {
                if tags::step_aside(tx, state.id)? {
                    stepped_aside.push(state.id);
                }
            }
            for name in change
                .created
                .iter()
                .chain(change.before.iter().map(|s| &s.name))
            {
                tags::delete_by_key(tx, &key(name))?;
            }
            for state in &change.before {
                let id = if stepped_aside.contains(&state.id) {
                    tags::rename(tx, state.id, &state.name, &key(&state.name))?;
                    state.id
                } else {
                    tags::insert_with_id(tx, state.id, &state.name)?
                };
                tags::set_carriers(tx, Carrier::Clipping, id, &state.clippings)?;
                tags::set_carriers(tx, Carrier::Highlight, id, &state.highlights)?;
            }
            Ok(())
        })
    }
}
