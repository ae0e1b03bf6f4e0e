//! A photo or scan as one PDF page: fitted inside the margins, landscape when the picture is
//! wider than tall. JPEGs are embedded as they are (no re-encoding, so nothing is lost); PNGs are
//! decoded and stored losslessly.

use lopdf::{Document, Object, Stream, dictionary};

const A4_SHORT: f32 = 595.0;
const A4_LONG: f32 = 842.0;
const MARGIN: f32 = 36.0;

/// Why a picture could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ImageProblem;

use crate::images::jpeg_info as jpeg_header;

/// Decodes a PNG to 8-bit RGB or grey, laying any transparency over white.
fn png_pixels(bytes: &[u8]) -> Option<(u32, u32, bool, Vec<u8>)> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    if crate::images::too_many_pixels(bytes).is_some() {
        return None;
    }
    let mut reader = decoder.read_info().ok()?;
    let mut buffer = vec![0; reader.output_buffer_size()?];
    let info = reader.next_frame(&mut buffer).ok()?;
    let data = buffer.get(..info.buffer_size())?;
    let over_white = |v: u8, a: u8| -> u8 {
        let (v, a) = (u16::from(v), u16::from(a));
        ((v * a + 255 * (255 - a)) / 255) as u8
    };
    let (grey, pixels) = match info.color_type {
        png::ColorType::Grayscale => (true, data.to_vec()),
        png::ColorType::GrayscaleAlpha => (
            true,
            data.chunks_exact(2)
                .map(|p| over_white(p[0], p[1]))
                .collect(),
        ),
        png::ColorType::Rgb => (false, data.to_vec()),
        png::ColorType::Rgba => (
            false,
            data.chunks_exact(4)
                .flat_map(|p| {
                    [
                        over_white(p[0], p[3]),
                        over_white(p[1], p[3]),
                        over_white(p[2], p[3]),
                    ]
                })
                .collect(),
        ),
        png::ColorType::Indexed => return None,
    };
    Some((info.width, info.height, grey, pixels))
}

/// The EXIF orientation (1–8) of a photo; 1 (as stored) when it has none.
fn exif_orientation(bytes: &[u8]) -> u32 {
    exif::Reader::new()
        .read_from_container(&mut std::io::Cursor::new(bytes))
        .ok()
        .and_then(|data| {
            data.get_field(exif::Tag::Orientation, exif::In::PRIMARY)
                .and_then(|field| field.value.get_uint(0))
        })
        .filter(|o| (1..=8).contains(o))
        .unwrap_or(1)
}

/// The matrix drawing the image's unit square into the box (x, y, w, h) as EXIF `orientation`
/// says it should be shown (2 and 4 mirror, 3 turns half way, 6 and 8 a quarter, 5 and 7 both).
fn orientation_matrix(orientation: u32, x: f32, y: f32, w: f32, h: f32) -> [f32; 6] {
    match orientation {
        2 => [-w, 0.0, 0.0, h, x + w, y],
        3 => [-w, 0.0, 0.0, -h, x + w, y + h],
        4 => [w, 0.0, 0.0, -h, x, y + h],
        5 => [0.0, -h, -w, 0.0, x + w, y + h],
        6 => [0.0, -h, w, 0.0, x, y + h],
        7 => [0.0, h, w, 0.0, x, y],
        8 => [0.0, h, -w, 0.0, x + w, y],
        _ => [w, 0.0, 0.0, h, x, y],
    }
}

/// One page holding the picture. `jpeg` says which decoder the bytes need.
pub(crate) fn image_document(bytes: &[u8], jpeg: bool) -> Result<Document, ImageProblem> {
    image_page(bytes, jpeg).map(|placed| placed.doc)
}

/// A picture's page and where on it the picture sits.
pub(crate) struct PlacedImage {
    pub(crate) doc: Document,
    /// The page's height, in points.
    pub(crate) page_height: f32,
    /// The picture's box as shown (upright): left, bottom, width, height, in points.
    pub(crate) shown: [f32; 4],
}

/// [`image_document`], saying where the picture went.
pub(crate) fn image_page(bytes: &[u8], jpeg: bool) -> Result<PlacedImage, ImageProblem> {
    let (width, height, image) = if jpeg {
        let header = jpeg_header(bytes).ok_or(ImageProblem)?;
        let mut dict = dictionary! {
            "Type" => "XObject",
            "Subtype" => "Image",
            "Width" => i64::from(header.width),
            "Height" => i64::from(header.height),
            "BitsPerComponent" => 8,
            "Filter" => "DCTDecode",
        };
        match header.components {
            1 => dict.set("ColorSpace", "DeviceGray"),
            3 => dict.set("ColorSpace", "DeviceRGB"),
            4 => {
                // Adobe-style CMYK JPEGs are stored inverted.
                dict.set("ColorSpace", "DeviceCMYK");
                dict.set(
                    "Decode",
                    [1, 0, 1, 0, 1, 0, 1, 0].map(Object::from).to_vec(),
                );
            }
            _ => return Err(ImageProblem),
        }
        (
            header.width,
            header.height,
            Stream::new(dict, bytes.to_vec()),
        )
    } else {
        let (width, height, grey, pixels) = png_pixels(bytes).ok_or(ImageProblem)?;
        let dict = dictionary! {
            "Type" => "XObject",
            "Subtype" => "Image",
            "Width" => i64::from(width),
            "Height" => i64::from(height),
            "BitsPerComponent" => 8,
            "ColorSpace" => if grey { "DeviceGray" } else { "DeviceRGB" },
        };
        let mut stream = Stream::new(dict, pixels);
        stream.compress().map_err(|_| ImageProblem)?;
        (width, height, stream)
    };
    // A phone photo is often stored sideways with an EXIF note saying how to turn it.
    let orientation = exif_orientation(bytes);
    let (shown_w, shown_h) = if orientation >= 5 {
        (height, width)
    } else {
        (width, height)
    };
    let (page_w, page_h) = if shown_w > shown_h {
        (A4_LONG, A4_SHORT)
    } else {
        (A4_SHORT, A4_LONG)
    };
    let scale =
        ((page_w - 2.0 * MARGIN) / shown_w as f32).min((page_h - 2.0 * MARGIN) / shown_h as f32);
    let (w, h) = (shown_w as f32 * scale, shown_h as f32 * scale);
    let (x, y) = ((page_w - w) / 2.0, (page_h - h) / 2.0);
    let [a, b, c, d, e, f] = orientation_matrix(orientation, x, y, w, h);

    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let image_id = doc.add_object(image);
    let content = format!("q {a} {b} {c} {d} {e} {f} cm /Im0 Do Q\n");
    let content_id = doc.add_object(Stream::new(dictionary! {}, content.into_bytes()));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "MediaBox" => vec![0.into(), 0.into(), Object::Real(page_w), Object::Real(page_h)],
        "Resources" => dictionary! { "XObject" => dictionary! { "Im0" => image_id } },
        "Contents" => content_id,
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => vec![Object::Reference(page_id)],
            "Count" => 1,
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    Ok(PlacedImage {
        doc,
        page_height: page_h,
        shown: [x, y, w, h],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exif_orientations_put_the_top_of_the_photo_at_the_top() {
        // Where the stored image's top-left corner (unit point 0,1) lands in a 10×20 box at 0,0.
        let top_left = |o: u32| {
            let [a, b, c, d, e, f] = orientation_matrix(o, 0.0, 0.0, 10.0, 20.0);
            (a * 0.0 + c * 1.0 + e, b * 0.0 + d * 1.0 + f)
        };
        assert_eq!(top_left(1), (0.0, 20.0), "as stored: top-left");
        assert_eq!(top_left(6), (10.0, 20.0), "turned clockwise: top-right");
        assert_eq!(top_left(8), (0.0, 0.0), "turned anticlockwise: bottom-left");
        assert_eq!(top_left(3), (10.0, 0.0), "half a turn: bottom-right");
        assert_eq!(top_left(2), (10.0, 20.0), "mirrored: top-right");
        assert_eq!(top_left(5), (0.0, 20.0), "transposed: stays top-left");
        assert_eq!(top_left(7), (10.0, 0.0), "transversed: bottom-right");
        assert_eq!(exif_orientation(b"no exif here"), 1);
    }

    #[test]
    fn a_wide_picture_gets_a_landscape_page() {
        let mut png_bytes = Vec::new();
        {
            let mut encoder = png::Encoder::new(&mut png_bytes, 40, 20);
            encoder.set_color(png::ColorType::Rgba);
            encoder.set_depth(png::BitDepth::Eight);
            let mut writer = encoder.write_header().expect("header");
            writer.write_image_data(&[128; 40 * 20 * 4]).expect("data");
        }
        let doc = image_document(&png_bytes, false).expect("an image page");
        let page = doc.get_pages().into_values().next().expect("one page");
        let media = doc
            .get_dictionary(page)
            .and_then(|p| p.get(b"MediaBox"))
            .and_then(Object::as_array)
            .expect("media box")
            .clone();
        assert_eq!(media[2], Object::Real(A4_LONG));
        assert!(image_document(b"\x89PNG broken", false).is_err());
    }
}
