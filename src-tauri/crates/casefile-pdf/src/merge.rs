//! Merging PDFs into one bundle with lopdf. Every page is made upright (its /Rotate baked into
//! the content), cut to what a viewer shows (its crop box), and shrunk a little towards the top
//! so that a band at the foot stays empty for the stamp: the stamp never covers content.
//! Inherited attributes (resources, boxes, rotation) are copied onto each page, so pages stand
//! on their own whatever page tree they came from.

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat, dictionary};

/// Height of the empty band at the foot of every page, in points (about 11 mm): enough for a
/// 9 pt stamp clear of a printer's unprintable margin.
pub(crate) const STAMP_BAND_PT: f32 = 32.0;
const STAMP_SIZE_PT: f32 = 9.0;
const STAMP_RIGHT_PT: f32 = 30.0;
const STAMP_BASELINE_PT: f32 = 13.0;
const STAMP_FONT: &str = "CasefileStamp";

/// A PDF transformation matrix `[a b c d e f]`.
pub(crate) type Matrix = [f32; 6];

/// Maps a point through `m`.
pub(crate) fn apply(m: &Matrix, x: f32, y: f32) -> (f32, f32) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

/// Maps a rectangle through `m`, giving the box around the result.
pub(crate) fn apply_rect(m: &Matrix, r: [f32; 4]) -> [f32; 4] {
    let corners = [
        apply(m, r[0], r[1]),
        apply(m, r[2], r[1]),
        apply(m, r[0], r[3]),
        apply(m, r[2], r[3]),
    ];
    let xs = corners.map(|c| c.0);
    let ys = corners.map(|c| c.1);
    [
        xs.iter().copied().fold(f32::INFINITY, f32::min),
        ys.iter().copied().fold(f32::INFINITY, f32::min),
        xs.iter().copied().fold(f32::NEG_INFINITY, f32::max),
        ys.iter().copied().fold(f32::NEG_INFINITY, f32::max),
    ]
}

/// How one source page sits on its bundle page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Placement {
    /// The bundle page's size as shown (after rotation).
    pub width: f32,
    pub height: f32,
    /// From the source page's coordinates to the bundle page's.
    pub matrix: Matrix,
}

/// From a source page's coordinates to the page as a viewer shows it (its visible box turned
/// `rotate` degrees clockwise), with the origin at that page's bottom-left; and its width and
/// height as shown.
pub(crate) fn upright(visible: [f32; 4], rotate: i64) -> (Matrix, f32, f32) {
    let [x0, y0, x1, y1] = visible;
    let (w, h) = (x1 - x0, y1 - y0);
    match rotate.rem_euclid(360) / 90 {
        1 => ([0.0, -1.0, 1.0, 0.0, -y0, x1], h, w),
        2 => ([-1.0, 0.0, 0.0, -1.0, x1, y1], w, h),
        3 => ([0.0, 1.0, -1.0, 0.0, y1, -x0], h, w),
        _ => ([1.0, 0.0, 0.0, 1.0, -x0, -y0], w, h),
    }
}

/// A Tribunal bundle is printed on A4: every bundle page is A4, in points (as the photo pages).
pub(crate) const A4_SHORT_PT: f32 = 595.0;
pub(crate) const A4_LONG_PT: f32 = 842.0;

/// Where a source page's visible box `[x0 y0 x1 y1]` shown at `rotate` degrees clockwise lands:
/// on an A4 page (landscape when the page as shown is wider than tall, else portrait), scaled
/// to fit the room above the stamp band (up for small pages, down for large ones) and centred
/// in it, so the stamp never covers content and every page prints at A4.
pub(crate) fn placement(visible: [f32; 4], rotate: i64) -> Placement {
    let (rot, width, height) = upright(visible, rotate);
    let (page_width, page_height) = if width > height {
        (A4_LONG_PT, A4_SHORT_PT)
    } else {
        (A4_SHORT_PT, A4_LONG_PT)
    };
    let room = page_height - STAMP_BAND_PT;
    // Boxes narrower than a point are refused before this (`rect`), so the scale is finite.
    let s = (page_width / width).min(room / height);
    let tx = (page_width - s * width) / 2.0;
    let ty = STAMP_BAND_PT + (room - s * height) / 2.0;
    Placement {
        width: page_width,
        height: page_height,
        matrix: [
            s * rot[0],
            s * rot[1],
            s * rot[2],
            s * rot[3],
            s * rot[4] + tx,
            s * rot[5] + ty,
        ],
    }
}

/// Why a source could not be merged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum MergeProblem {
    NoPages,
    Damaged,
}

/// A page's attributes after walking up the page tree for the inherited ones.
pub(crate) struct Effective {
    pub(crate) resources: Dictionary,
    pub(crate) visible: [f32; 4],
    pub(crate) rotate: i64,
    pub(crate) contents: Vec<Object>,
    annots: Vec<Object>,
}

fn number(doc: &Document, o: &Object) -> Option<f32> {
    match doc.dereference(o).ok()?.1 {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

fn rect(doc: &Document, o: &Object) -> Option<[f32; 4]> {
    let array = doc.dereference(o).ok()?.1.as_array().ok()?;
    if array.len() != 4 {
        return None;
    }
    let v: Vec<f32> = array.iter().filter_map(|n| number(doc, n)).collect();
    let [a, b, c, d] = v.as_slice() else {
        return None;
    };
    let r = [a.min(*c), b.min(*d), a.max(*c), b.max(*d)];
    (r[2] - r[0] > 1.0 && r[3] - r[1] > 1.0 && r.iter().all(|x| x.is_finite())).then_some(r)
}

/// Looks `key` up on the page or, failing that, on its ancestors.
fn inherited<'a>(doc: &'a Document, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut node = page;
    for _ in 0..64 {
        if let Ok(value) = node.get(key) {
            return Some(value);
        }
        let parent = node.get(b"Parent").ok()?.as_reference().ok()?;
        node = doc.get_dictionary(parent).ok()?;
    }
    None
}

fn deref_dict(doc: &Document, o: &Object) -> Option<Dictionary> {
    doc.dereference(o).ok()?.1.as_dict().ok().cloned()
}

pub(crate) fn effective(doc: &Document, page_id: ObjectId) -> Result<Effective, MergeProblem> {
    let page = doc
        .get_dictionary(page_id)
        .map_err(|_| MergeProblem::Damaged)?;
    let mut resources = inherited(doc, page, b"Resources")
        .and_then(|r| deref_dict(doc, r))
        .unwrap_or_default();
    // The font dictionary is made the page's own so the stamp's font can join it.
    let fonts = resources
        .get(b"Font")
        .ok()
        .and_then(|f| deref_dict(doc, f))
        .unwrap_or_default();
    resources.set("Font", Object::Dictionary(fonts));
    let media = inherited(doc, page, b"MediaBox")
        .and_then(|r| rect(doc, r))
        .unwrap_or([0.0, 0.0, 595.0, 842.0]);
    let visible = inherited(doc, page, b"CropBox")
        .and_then(|r| rect(doc, r))
        .map(|c| {
            [
                c[0].max(media[0]),
                c[1].max(media[1]),
                c[2].min(media[2]),
                c[3].min(media[3]),
            ]
        })
        .filter(|c| c[2] - c[0] > 1.0 && c[3] - c[1] > 1.0)
        .unwrap_or(media);
    let rotate = inherited(doc, page, b"Rotate")
        .and_then(|r| number(doc, r))
        .map_or(0, |r| (r as i64 / 90) * 90);
    let contents = match page.get(b"Contents") {
        Ok(Object::Reference(id)) => match doc.get_object(*id) {
            // An indirect array of streams.
            Ok(Object::Array(items)) => items.clone(),
            _ => vec![Object::Reference(*id)],
        },
        Ok(Object::Array(items)) => items.clone(),
        _ => Vec::new(),
    };
    let annots = match page.get(b"Annots") {
        Ok(o) => doc
            .dereference(o)
            .ok()
            .and_then(|(_, a)| a.as_array().ok().cloned())
            .unwrap_or_default(),
        Err(_) => Vec::new(),
    };
    Ok(Effective {
        resources,
        visible,
        rotate,
        contents,
        annots,
    })
}

/// Text in a PDF text string: plain when it is ASCII, else UTF-16BE with a byte-order mark.
pub(crate) fn text_string(text: &str) -> Object {
    if text.is_ascii() {
        Object::String(text.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&unit.to_be_bytes());
        }
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

/// Helvetica-Bold advance widths (per 1000 em) for the characters a stamp uses; others take
/// the widest capital's width so the right edge never runs off the page.
fn stamp_width_pt(text: &str) -> f32 {
    let units: u32 = text
        .chars()
        .map(|c| match c {
            ' ' => 278,
            '0'..='9' => 556,
            'a' | 'e' => 556,
            'g' | 'o' => 611,
            'f' => 333,
            'A' | 'B' | 'C' | 'D' | 'H' | 'K' | 'N' | 'R' | 'U' => 722,
            'E' | 'P' | 'S' | 'V' | 'X' | 'Y' => 667,
            'F' | 'L' | 'T' | 'Z' => 611,
            'G' | 'O' | 'Q' => 778,
            'I' => 278,
            'J' => 556,
            'M' => 833,
            'W' => 944,
            _ => 944,
        })
        .sum();
    units as f32 * STAMP_SIZE_PT / 1000.0
}

/// The merged document being built.
#[derive(Debug)]
pub(crate) struct Merger {
    pub doc: Document,
    pages_id: ObjectId,
    stamp_font: ObjectId,
    /// Every page in order, with how its source was placed.
    pub pages: Vec<(ObjectId, Placement)>,
}

impl Merger {
    pub fn new() -> Merger {
        let mut doc = Document::with_version("1.7");
        let pages_id = doc.new_object_id();
        let stamp_font = doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "Type1",
            "BaseFont" => "Helvetica-Bold",
            "Encoding" => "WinAnsiEncoding",
        });
        Merger {
            doc,
            pages_id,
            stamp_font,
            pages: Vec::new(),
        }
    }

    /// Appends every page of `source`; returns how many.
    pub fn append(&mut self, mut source: Document) -> Result<usize, MergeProblem> {
        source.renumber_objects_with(self.doc.max_id + 1);
        let page_ids: Vec<ObjectId> = source.get_pages().into_values().collect();
        if page_ids.is_empty() {
            return Err(MergeProblem::NoPages);
        }
        let prepared = page_ids
            .iter()
            .map(|id| effective(&source, *id))
            .collect::<Result<Vec<_>, _>>()?;
        self.doc.max_id = self.doc.max_id.max(source.max_id);
        // Everything moves across; what nothing refers to any more (the source's catalogue and
        // page tree, forms' field tree) is pruned when the bundle is finished.
        self.doc.objects.append(&mut source.objects);
        for (page_id, page) in page_ids.iter().zip(prepared) {
            let place = placement(page.visible, page.rotate);
            self.place_page(*page_id, page, place)?;
            self.pages.push((*page_id, place));
        }
        Ok(page_ids.len())
    }

    fn place_page(
        &mut self,
        page_id: ObjectId,
        page: Effective,
        place: Placement,
    ) -> Result<(), MergeProblem> {
        let m = place.matrix;
        let [x0, y0, x1, y1] = page.visible;
        let before = format!(
            "q {} {} {} {} {} {} cm {x0} {y0} {} {} re W n\n",
            m[0],
            m[1],
            m[2],
            m[3],
            m[4],
            m[5],
            x1 - x0,
            y1 - y0
        );
        let before_id = self
            .doc
            .add_object(Stream::new(Dictionary::new(), before.into_bytes()));
        let after_id = self
            .doc
            .add_object(Stream::new(Dictionary::new(), b"\nQ\n".to_vec()));
        let mut contents = vec![Object::Reference(before_id)];
        contents.extend(page.contents);
        contents.push(Object::Reference(after_id));

        // Annotations (links, notes) move with the content they sit on.
        for annot in &page.annots {
            let annot_id = match annot {
                Object::Reference(id) => Some(*id),
                _ => None,
            };
            if let Some(id) = annot_id
                && let Ok(Object::Dictionary(dict)) = self.doc.get_object_mut(id)
            {
                transform_annotation(dict, &m);
            }
        }
        let annots: Vec<Object> = page
            .annots
            .into_iter()
            .map(|a| match a {
                Object::Dictionary(mut dict) => {
                    transform_annotation(&mut dict, &m);
                    Object::Dictionary(dict)
                }
                other => other,
            })
            .collect();

        let mut resources = page.resources;
        if let Ok(Object::Dictionary(fonts)) = resources.get_mut(b"Font") {
            fonts.set(STAMP_FONT, Object::Reference(self.stamp_font));
        }
        let old = match self.doc.get_object(page_id) {
            Ok(Object::Dictionary(d)) => d.clone(),
            _ => return Err(MergeProblem::Damaged),
        };
        let mut new = Dictionary::new();
        for (key, value) in old.iter() {
            let dropped: &[&[u8]] = &[
                b"Parent",
                b"MediaBox",
                b"CropBox",
                b"BleedBox",
                b"TrimBox",
                b"ArtBox",
                b"Rotate",
                b"Resources",
                b"Contents",
                b"Annots",
                b"Thumb",
                b"B",
                b"StructParents",
            ];
            if !dropped.contains(&key.as_slice()) {
                new.set(key.clone(), value.clone());
            }
        }
        new.set("Type", Object::Name(b"Page".to_vec()));
        new.set("Parent", Object::Reference(self.pages_id));
        new.set(
            "MediaBox",
            Object::Array(vec![
                0.into(),
                0.into(),
                Object::Real(place.width),
                Object::Real(place.height),
            ]),
        );
        new.set("Resources", Object::Dictionary(resources));
        new.set("Contents", Object::Array(contents));
        if !annots.is_empty() {
            new.set("Annots", Object::Array(annots));
        }
        self.doc.objects.insert(page_id, Object::Dictionary(new));
        Ok(())
    }

    /// Adds the stamp text at the foot of page `index` (0-based), right-aligned.
    pub fn stamp(&mut self, index: usize, text: &str) {
        let Some((page_id, place)) = self.pages.get(index).copied() else {
            return;
        };
        let x = place.width - STAMP_RIGHT_PT - stamp_width_pt(text);
        let escaped = text
            .replace('\\', "\\\\")
            .replace('(', "\\(")
            .replace(')', "\\)");
        let ops = format!(
            "q BT /{STAMP_FONT} {STAMP_SIZE_PT} Tf 0 g {x} {STAMP_BASELINE_PT} Td ({escaped}) Tj ET Q\n"
        );
        let stream_id = self
            .doc
            .add_object(Stream::new(Dictionary::new(), ops.into_bytes()));
        if let Ok(Object::Dictionary(page)) = self.doc.get_object_mut(page_id)
            && let Ok(Object::Array(contents)) = page.get_mut(b"Contents")
        {
            contents.push(Object::Reference(stream_id));
        }
    }

    /// Adds a link over `rect` (in the source page's coordinates) on page `from` to the top of
    /// page `to`.
    pub fn link(&mut self, from: usize, rect: [f32; 4], to: usize) {
        let (Some((from_id, place)), Some((to_id, to_place))) =
            (self.pages.get(from).copied(), self.pages.get(to).copied())
        else {
            return;
        };
        let r = apply_rect(&place.matrix, rect);
        let annot = self.doc.add_object(dictionary! {
            "Type" => "Annot",
            "Subtype" => "Link",
            "Rect" => r.iter().map(|v| Object::Real(*v)).collect::<Vec<_>>(),
            "Border" => vec![0.into(), 0.into(), 0.into()],
            "Dest" => destination(to_id, to_place.height),
        });
        if let Ok(Object::Dictionary(page)) = self.doc.get_object_mut(from_id) {
            match page.get_mut(b"Annots") {
                Ok(Object::Array(annots)) => annots.push(Object::Reference(annot)),
                _ => page.set("Annots", vec![Object::Reference(annot)]),
            }
        }
    }

    /// Writes the page tree, catalogue (opening at 100 % with bookmarks shown), the outline and
    /// the document information, then drops what nothing refers to and numbers the objects
    /// afresh. `id` becomes the file identifier, so equal inputs give equal bytes.
    pub fn finish(
        mut self,
        outline: &[OutlineEntry],
        info: Dictionary,
        id: [u8; 16],
    ) -> Result<Vec<u8>, std::io::Error> {
        let kids: Vec<Object> = self
            .pages
            .iter()
            .map(|(id, _)| Object::Reference(*id))
            .collect();
        let count = kids.len() as i64;
        self.doc.objects.insert(
            self.pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages",
                "Kids" => kids,
                "Count" => count,
            }),
        );
        let mut catalog = dictionary! {
            "Type" => "Catalog",
            "Pages" => self.pages_id,
            "PageLayout" => "OneColumn",
            "Lang" => Object::string_literal("en-GB"),
            "ViewerPreferences" => dictionary! { "DisplayDocTitle" => true },
        };
        if let Some((first, place)) = self.pages.first() {
            catalog.set(
                "OpenAction",
                vec![
                    Object::Reference(*first),
                    "XYZ".into(),
                    0.into(),
                    Object::Real(place.height),
                    1.into(),
                ],
            );
        }
        if let Some(outline_id) = self.write_outline(outline) {
            catalog.set("Outlines", outline_id);
            catalog.set("PageMode", "UseOutlines");
        }
        let catalog_id = self.doc.add_object(catalog);
        let info_id = self.doc.add_object(info);
        self.doc.trailer = dictionary! {
            "Root" => catalog_id,
            "Info" => info_id,
            "ID" => vec![
                Object::String(id.to_vec(), StringFormat::Hexadecimal),
                Object::String(id.to_vec(), StringFormat::Hexadecimal),
            ],
        };
        self.doc.prune_objects();
        self.doc.renumber_objects();
        let mut bytes = Vec::new();
        self.doc
            .save_to(&mut bytes)
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        Ok(bytes)
    }

    fn write_outline(&mut self, entries: &[OutlineEntry]) -> Option<ObjectId> {
        if entries.is_empty() {
            return None;
        }
        let root = self.doc.new_object_id();
        let (first, last, count) = self.write_outline_level(entries, root);
        self.doc.objects.insert(
            root,
            Object::Dictionary(dictionary! {
                "Type" => "Outlines",
                "First" => first,
                "Last" => last,
                "Count" => count,
            }),
        );
        Some(root)
    }

    /// Writes one level of bookmarks under `parent`; returns its first, last and how many are
    /// visible (every level is shown open).
    fn write_outline_level(
        &mut self,
        entries: &[OutlineEntry],
        parent: ObjectId,
    ) -> (ObjectId, ObjectId, i64) {
        let ids: Vec<ObjectId> = entries.iter().map(|_| self.doc.new_object_id()).collect();
        let mut visible = 0;
        for (i, entry) in entries.iter().enumerate() {
            let mut dict = dictionary! {
                "Title" => text_string(&entry.title),
                "Parent" => parent,
            };
            if let Some((page_id, place)) = self.pages.get(entry.page).copied() {
                dict.set("Dest", destination(page_id, place.height));
            }
            if i > 0 {
                dict.set("Prev", ids[i - 1]);
            }
            if let Some(next) = ids.get(i + 1) {
                dict.set("Next", *next);
            }
            visible += 1;
            if !entry.children.is_empty() {
                let (first, last, count) = self.write_outline_level(&entry.children, ids[i]);
                dict.set("First", first);
                dict.set("Last", last);
                dict.set("Count", count);
                visible += count;
            }
            self.doc.objects.insert(ids[i], Object::Dictionary(dict));
        }
        (ids[0], ids[ids.len() - 1], visible)
    }
}

/// To the top-left of a page, keeping the reader's zoom.
fn destination(page: ObjectId, height: f32) -> Vec<Object> {
    vec![
        Object::Reference(page),
        "XYZ".into(),
        0.into(),
        Object::Real(height),
        Object::Null,
    ]
}

fn transform_annotation(dict: &mut Dictionary, m: &Matrix) {
    let r = dict.get(b"Rect").ok().and_then(|o| {
        let a = o.as_array().ok()?;
        let v: Vec<f32> = a.iter().filter_map(|n| n.as_float().ok()).collect();
        <[f32; 4]>::try_from(v.as_slice()).ok()
    });
    if let Some(r) = r {
        let t = apply_rect(m, r);
        dict.set(
            "Rect",
            t.iter().map(|v| Object::Real(*v)).collect::<Vec<_>>(),
        );
    }
    // Quad points would now be wrong; without them viewers use the rectangle.
    dict.remove(b"QuadPoints");
}

/// A bookmark: its title, the page (0-based) it opens, and bookmarks under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OutlineEntry {
    pub title: String,
    pub page: usize,
    pub children: Vec<OutlineEntry>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: (f32, f32), b: (f32, f32)) -> bool {
        (a.0 - b.0).abs() < 0.01 && (a.1 - b.1).abs() < 0.01
    }

    #[test]
    fn an_upright_page_shrinks_into_the_space_above_the_stamp_band() {
        let p = placement([0.0, 0.0, 595.0, 842.0], 0);
        assert_eq!((p.width, p.height), (595.0, 842.0));
        // The top-left corner stays at the top; the bottom edge lifts to the band.
        let top = apply(&p.matrix, 297.5, 842.0);
        let bottom = apply(&p.matrix, 297.5, 0.0);
        assert!(close(top, (297.5, 842.0)), "{top:?}");
        assert!(close(bottom, (297.5, STAMP_BAND_PT)), "{bottom:?}");
    }

    #[test]
    fn rotated_pages_are_made_upright_so_the_top_of_the_text_is_at_the_top() {
        // A portrait page shown turned 90° clockwise is landscape; its left edge (where lines
        // start) becomes the top.
        let p = placement([0.0, 0.0, 595.0, 842.0], 90);
        assert_eq!((p.width, p.height), (842.0, 595.0));
        let (_, y_left_edge) = apply(&p.matrix, 0.0, 421.0);
        assert!((y_left_edge - 595.0).abs() < 0.01, "{y_left_edge}");
        let p = placement([0.0, 0.0, 595.0, 842.0], 270);
        let (_, y_right_edge) = apply(&p.matrix, 595.0, 421.0);
        assert!((y_right_edge - 595.0).abs() < 0.01);
        let p = placement([0.0, 0.0, 595.0, 842.0], 180);
        let (_, y_bottom_edge) = apply(&p.matrix, 297.0, 0.0);
        assert!((y_bottom_edge - 842.0).abs() < 0.01);
    }

    #[test]
    fn a_crop_box_is_what_is_shown_scaled_onto_a4() {
        // 300 × 400 pt shown: the width limits, 595 / 300 = 1.9833 (the room above the band
        // would allow 810 / 400 = 2.025). 400 × 1.9833 = 793.33 pt tall, centred in the 810 pt
        // above the band: (810 − 793.33) / 2 = 8.33 pt over it, so the top edge is at
        // 32 + 8.33 + 793.33 = 833.67 and the left edge at 0.
        let p = placement([100.0, 200.0, 400.0, 600.0], 0);
        assert_eq!((p.width, p.height), (595.0, 842.0));
        let corner = apply(&p.matrix, 100.0, 600.0);
        assert!(close(corner, (0.0, 833.667)), "{corner:?}");
        let foot = apply(&p.matrix, 400.0, 200.0);
        assert!(close(foot, (595.0, 40.333)), "{foot:?}");
    }

    #[test]
    fn tiny_letter_and_landscape_pages_all_become_a4_with_the_stamp_band_clear() {
        for (visible, rotate, portrait) in [
            // A 3.84 pt square (a producer's postage stamp): scaled up 595 / 3.84 = 154.9 times.
            ([0.0, 0.0, 3.84, 3.84], 0, true),
            // US Letter, 612 × 792: scaled to 595 / 612 = 0.9722 (narrower than A4's width).
            ([0.0, 0.0, 612.0, 792.0], 0, true),
            // Letter landscape: onto landscape A4, 563 / 612 = 0.9199 by the height.
            ([0.0, 0.0, 792.0, 612.0], 0, false),
            // A3 portrait, 842 × 1191: scaled down by 810 / 1191 = 0.6801.
            ([0.0, 0.0, 842.0, 1191.0], 0, true),
        ] {
            let p = placement(visible, rotate);
            let expected = if portrait {
                (595.0, 842.0)
            } else {
                (842.0, 595.0)
            };
            assert_eq!((p.width, p.height), expected, "{visible:?}");
            let [x0, y0, x1, y1] = apply_rect(&p.matrix, visible);
            assert!(
                y0 >= STAMP_BAND_PT - 0.01,
                "{visible:?}: content reaches {y0}"
            );
            assert!(x0 >= -0.01 && x1 <= p.width + 0.01 && y1 <= p.height + 0.01);
            // It fills the page one way: the full width, or the full room above the band.
            let fills = (x1 - x0 - p.width).abs() < 0.01
                || (y1 - y0 - (p.height - STAMP_BAND_PT)).abs() < 0.01;
            assert!(fills, "{visible:?}: {x0} {y0} {x1} {y1}");
        }
    }

    #[test]
    fn text_strings_outside_ascii_are_utf16() {
        assert_eq!(
            text_string("A1 Letter"),
            Object::String(b"A1 Letter".to_vec(), StringFormat::Literal)
        );
        let Object::String(bytes, StringFormat::Hexadecimal) = text_string("Zoë") else {
            panic!("expected a hex string");
        };
        assert_eq!(bytes, vec![0xFE, 0xFF, 0, b'Z', 0, b'o', 0, 0xEB]);
    }
}
