//! Checking pictures before they are kept: a JPEG's frame header (its size and colour
//! components) and its end; a PNG's header and end. A photo cut short in a download is refused at
//! import with a clear message rather than found broken when a bundle is made.

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
