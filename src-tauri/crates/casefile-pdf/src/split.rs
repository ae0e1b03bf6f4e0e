//! A bundle Casefile built, split into parts of consecutive pages (for a submission pack): each
//! part keeps its pages exactly as built, stamps and all, so its page numbers carry on from
//! the part before. Links to pages in other parts (the index's, on the first part) and the
//! bookmarks (which point into every part) are left out of the parts; the whole bundle keeps
//! them. Only for bundles this crate built: a family's own files go through `reader`.

use std::collections::BTreeSet;

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::bundle::BuildError;

/// Where a link annotation points: the page object of its /Dest, or of its /A action's /D.
fn link_target(doc: &Document, annot: &Dictionary) -> Option<ObjectId> {
    let resolve = |o: &Object| -> Option<Object> {
        match o {
            Object::Reference(id) => doc.get_object(*id).ok().cloned(),
            other => Some(other.clone()),
        }
    };
    let dest = match annot.get(b"Dest") {
        Ok(d) => resolve(d),
        Err(_) => annot
            .get(b"A")
            .ok()
            .and_then(resolve)
            .and_then(|a| a.as_dict().ok().and_then(|a| a.get(b"D").ok().cloned())),
    }?;
    dest.as_array()
        .ok()?
        .first()
        .and_then(|first| first.as_reference().ok())
}

/// Pages `ranges` (from 1, first and last, inclusive) of `bytes`, each as a PDF of its own.
pub fn split_pages(bytes: &[u8], ranges: &[[u32; 2]]) -> Result<Vec<Vec<u8>>, BuildError> {
    let internal = |e: lopdf::Error| BuildError::Internal(e.to_string());
    let source = Document::load_mem(bytes).map_err(internal)?;
    let pages = source.get_pages();
    let mut out = Vec::with_capacity(ranges.len());
    for &[first, last] in ranges {
        if first == 0 || first > last || last as usize > pages.len() {
            return Err(BuildError::Internal(format!(
                "pages {first}–{last} are not in a bundle of {} pages",
                pages.len()
            )));
        }
        let mut doc = source.clone();
        let keep: BTreeSet<ObjectId> = (first..=last)
            .filter_map(|n| pages.get(&n).copied())
            .collect();
        for &page in &keep {
            let annots = match doc
                .get_dictionary(page)
                .ok()
                .and_then(|p| p.get(b"Annots").ok())
            {
                Some(Object::Array(a)) => a.clone(),
                Some(Object::Reference(id)) => doc
                    .get_object(*id)
                    .ok()
                    .and_then(|o| o.as_array().ok().cloned())
                    .unwrap_or_default(),
                _ => continue,
            };
            let kept: Vec<Object> = annots
                .into_iter()
                .filter(|a| {
                    let dict = match a {
                        Object::Reference(id) => doc.get_dictionary(*id).ok(),
                        Object::Dictionary(d) => Some(d),
                        _ => None,
                    };
                    dict.and_then(|d| link_target(&doc, d))
                        .is_none_or(|target| keep.contains(&target))
                })
                .collect();
            if let Ok(page) = doc.get_dictionary_mut(page) {
                page.set("Annots", Object::Array(kept));
            }
        }
        if let Ok(catalog) = doc.catalog_mut() {
            catalog.remove(b"Outlines");
            catalog.set("PageMode", Object::Name(b"UseNone".to_vec()));
        }
        let others: Vec<u32> = pages
            .keys()
            .copied()
            .filter(|n| *n < first || *n > last)
            .collect();
        doc.delete_pages(&others);
        doc.prune_objects();
        doc.compress();
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes)
            .map_err(|e| BuildError::Internal(e.to_string()))?;
        out.push(bytes);
    }
    Ok(out)
}
