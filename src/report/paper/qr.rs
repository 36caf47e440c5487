//! The footer's QR code: its modules (error correction M) and, for docx, a PNG of them written
//! by hand (8-bit greyscale, zlib via flate2, CRC via crc32fast) so the bytes depend only on
//! the payload.

use std::io::Write as _;

/// The QR code of `payload`: side length in modules and dark flags, row by row.
/// None when the payload is too long for any QR version.
pub fn modules(payload: &str) -> Option<(usize, Vec<bool>)> {
    let code =
        qrcode::QrCode::with_error_correction_level(payload.as_bytes(), qrcode::EcLevel::M).ok()?;
    let dark = code
        .to_colors()
        .into_iter()
        .map(|c| c == qrcode::Color::Dark)
        .collect();
    Some((code.width(), dark))
}

/// Pixels per module and quiet-zone modules of the PNG.
const SCALE: usize = 4;
const QUIET: usize = 4;

/// The QR code as a PNG: its bytes and its side length in pixels.
pub fn png(payload: &str) -> Option<(Vec<u8>, u32)> {
    let (n, dark) = modules(payload)?;
    let side = (n + 2 * QUIET) * SCALE;
    let mut raw = Vec::with_capacity(side * (side + 1));
    for y in 0..side {
        raw.push(0); // filter: none
        for x in 0..side {
            let (mx, my) = (
                (x / SCALE).wrapping_sub(QUIET),
                (y / SCALE).wrapping_sub(QUIET),
            );
            let on = mx < n && my < n && dark[my * n + mx];
            raw.push(if on { 0 } else { 255 });
        }
    }
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    z.write_all(&raw).ok()?;
    let idat = z.finish().ok()?;
    let side32 = u32::try_from(side).ok()?;
    let mut ihdr = Vec::new();
    ihdr.extend(side32.to_be_bytes());
    ihdr.extend(side32.to_be_bytes());
    ihdr.extend([8, 0, 0, 0, 0]); // 8-bit greyscale, deflate, adaptive filters, no interlace
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, data) in [
        (b"IHDR", &ihdr[..]),
        (b"IDAT", &idat[..]),
        (b"IEND", &[][..]),
    ] {
        out.extend(u32::try_from(data.len()).ok()?.to_be_bytes());
        let mut crc = crc32fast::Hasher::new();
        crc.update(kind);
        crc.update(data);
        out.extend(kind);
        out.extend(data);
        out.extend(crc.finalize().to_be_bytes());
    }
    Some((out, side32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_footer_payload_fits_a_small_code_and_the_png_is_well_formed() {
        let payload = format!("jixiao|jx-0123456789abcdef|65|{}", "ab".repeat(32));
        let (n, dark) = modules(&payload).unwrap();
        assert!(
            n <= 45,
            "a payload of {} bytes takes {n} modules",
            payload.len()
        );
        assert_eq!(dark.len(), n * n);
        let (bytes, side) = png(&payload).unwrap();
        assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
        assert_eq!(side as usize, (n + 8) * 4);
        assert_eq!(
            png(&payload).unwrap().0,
            bytes,
            "the same payload, the same bytes"
        );
    }
}
