//! Builds the C shims over libjpeg's scanline API (`media::ops::jpeg_rows`)
//! and libwebp's encoder (`media::ops::webp`), and links the system
//! libjpeg (libjpeg-turbo) and libwebp.

fn main() {
    for (shim, lib) in [
        ("src/media/ops/jpeg_rows/jpeg_rows.c", "kiln_jpeg_rows"),
        ("src/media/ops/webp_pic/webp_pic.c", "kiln_webp_pic"),
    ] {
        println!("cargo:rerun-if-changed={shim}");
        cc::Build::new()
            .file(shim)
            .warnings(true)
            .extra_warnings(true)
            .compile(lib);
    }
    println!("cargo:rustc-link-lib=dylib=jpeg");
    println!("cargo:rustc-link-lib=dylib=webp");
}
