//! Checking pictures before they are kept: a JPEG's frame header (its size and colour
//! components) and its end; a PNG's header and end. A photo cut short in a download is refused at
//! import with a clear message rather than found broken when a bundle is made.

/// The most pixels a picture may have: 100 megapixels, well above any phone photo or scan at 600
/// dpi (an A4 page then has 35 million). A file may claim any size in a few bytes; it is
/// refused before anything is allocated for it.
pub const MAX_PICTURE_PIXELS: u64 = 100_000_000;

/// A PNG's width and height, from its header.
pub fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.len() < 24 || !bytes.starts_with(b"\x89PNG\r\n\x1a\n") || &bytes[12..16] != b"IHDR" {
        return None;
    }
    let word =
        |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    Some((word(16), word(20)))
}

/// A picture's size when it is larger than [`MAX_PICTURE_PIXELS`] (a JPEG or PNG).
pub fn too_many_pixels(bytes: &[u8]) -> Option<(u32, u32)> {
    let (width, height) =
        png_size(bytes).or_else(|| jpeg_info(bytes).map(|j| (j.width, j.height)))?;
    (u64::from(width) * u64::from(height) > MAX_PICTURE_PIXELS).then_some((width, height))
}

/// A JPEG's size and colour components.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JpegInfo {
    pub width: u32,
    pub height: u32,
    pub components: u8,
}

/// Reads a JPEG's size and colour components from its frame header.
pub fn jpeg_info(bytes: &[u8]) -> Option<JpegInfo> {
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
            return (width > 0 && height > 0).then_some(JpegInfo {
                width,
                height,
                components: f[5],
            });
        }
        i += 2 + length;
    }
    None
}

/// True when a JPEG is whole: a frame header, and the end-of-image marker last (padding aside).
pub fn jpeg_is_complete(bytes: &[u8]) -> bool {
    let end = bytes.iter().rposition(|b| *b != 0).map_or(0, |p| p + 1);
    jpeg_info(bytes).is_some() && bytes[..end].ends_with(&[0xFF, 0xD9])
}

/// True when a PNG is whole: its header with a size, and the end chunk last.
pub fn png_is_complete(bytes: &[u8]) -> bool {
    const IEND: [u8; 12] = [0, 0, 0, 0, b'I', b'E', b'N', b'D', 0xAE, 0x42, 0x60, 0x82];
    bytes.len() > 33
        && bytes.starts_with(b"\x89PNG\r\n\x1a\n")
        && &bytes[12..16] == b"IHDR"
        && bytes[16..20] != [0; 4]
        && bytes[20..24] != [0; 4]
        && bytes.ends_with(&IEND)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_picture_claiming_absurd_dimensions_is_named_before_anything_is_allocated() {
        // A 33-byte PNG header that claims 100,000 × 100,000 pixels (40 GB as RGBA).
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend_from_slice(&100_000u32.to_be_bytes());
        png.extend_from_slice(&100_000u32.to_be_bytes());
        png.extend_from_slice(&[8, 6, 0, 0, 0]);
        assert_eq!(too_many_pixels(&png), Some((100_000, 100_000)));
        let mut small = png.clone();
        small[16..20].copy_from_slice(&4_000u32.to_be_bytes());
        small[20..24].copy_from_slice(&3_000u32.to_be_bytes());
        assert_eq!(
            too_many_pixels(&small),
            None,
            "a 12-megapixel photo is fine"
        );
    }

    #[test]
    fn reads_a_jpeg_frame_header_after_other_segments() {
        // SOI, an APP0 segment of 16 bytes, then a baseline frame of 640×480 with 3 components.
        let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
        bytes.extend([0; 14]);
        bytes.extend([0xFF, 0xC0, 0x00, 0x11, 0x08, 0x01, 0xE0, 0x02, 0x80, 0x03]);
        bytes.extend([0; 9]);
        let header = jpeg_info(&bytes).expect("a header");
        assert_eq!(
            (header.width, header.height, header.components),
            (640, 480, 3)
        );
        assert!(jpeg_info(b"not a jpeg").is_none());
        assert!(jpeg_info(&[0xFF, 0xD8, 0xFF, 0xC0, 0x00]).is_none());
    }

    #[test]
    fn cut_short_pictures_are_recognised() {
        let photo = include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../tests/fixtures/scanned-letter.jpg"
        ));
        assert!(jpeg_is_complete(photo));
        assert!(!jpeg_is_complete(&photo[..photo.len() / 2]));
        let mut padded = photo.to_vec();
        padded.extend([0, 0, 0]);
        assert!(
            jpeg_is_complete(&padded),
            "zero padding after the end is fine"
        );
        assert!(!png_is_complete(b"\x89PNG\r\n\x1a\n"));
    }
}
