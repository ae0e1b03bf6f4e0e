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

struct Jpeg {
    width: u32,
    height: u32,
    components: u8,
}

/// Reads a JPEG's size and colour components from its frame header.
fn jpeg_header(bytes: &[u8]) -> Option<Jpeg> {
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let mut i = 2;
    while i + 4 <= bytes.len() {
        if bytes[i] != 0xFF {
            i += 1;
            continue;
        }
        let marker = bytes[i + 1];
        if marker == 0xFF || (0xD0..=0xD9).contains(&marker) || marker == 0x01 {
            i += 2;
            continue;
        }
        let length = usize::from(u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]));
        // Start-of-frame markers (baseline, progressive, …) except DHT, JPG and DAC.
        if (0xC0..=0xCF).contains(&marker) && ![0xC4, 0xC8, 0xCC].contains(&marker) {
            let f = bytes.get(i + 4..i + 10)?;
            let height = u32::from(u16::from_be_bytes([f[1], f[2]]));
            let width = u32::from(u16::from_be_bytes([f[3], f[4]]));
            return (width > 0 && height > 0).then_some(Jpeg {
                width,
                height,
                components: f[5],
            });
        }
        i += 2 + length;
    }
    None
}

/// Decodes a PNG to 8-bit RGB or grey, laying any transparency over white.
fn png_pixels(bytes: &[u8]) -> Option<(u32, u32, bool, Vec<u8>)> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
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

/// One page holding the picture. `jpeg` says which decoder the bytes need.
pub(crate) fn image_document(bytes: &[u8], jpeg: bool) -> Result<Document, ImageProblem> {
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
    let (page_w, page_h) = if width > height {
        (A4_LONG, A4_SHORT)
    } else {
        (A4_SHORT, A4_LONG)
    };
    let scale =
        ((page_w - 2.0 * MARGIN) / width as f32).min((page_h - 2.0 * MARGIN) / height as f32);
    let (w, h) = (width as f32 * scale, height as f32 * scale);
    let (x, y) = ((page_w - w) / 2.0, (page_h - h) / 2.0);

    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let image_id = doc.add_object(image);
    let content = format!("q {w} 0 0 {h} {x} {y} cm /Im0 Do Q\n");
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
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_jpeg_frame_header_after_other_segments() {
        // SOI, an APP0 segment of 16 bytes, then a baseline frame of 640×480 with 3 components.
        let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
        bytes.extend([0; 14]);
        bytes.extend([0xFF, 0xC0, 0x00, 0x11, 0x08, 0x01, 0xE0, 0x02, 0x80, 0x03]);
        bytes.extend([0; 9]);
        let header = jpeg_header(&bytes).expect("a header");
        assert_eq!(
            (header.width, header.height, header.components),
            (640, 480, 3)
        );
        assert!(jpeg_header(b"not a jpeg").is_none());
        assert!(jpeg_header(&[0xFF, 0xD8, 0xFF, 0xC0, 0x00]).is_none());
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
