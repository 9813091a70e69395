//! Builds the C shim over libjpeg's scanline API (`media::ops::jpeg_rows`)
//! and links the system libjpeg (libjpeg-turbo).

fn main() {
    let shim = "src/media/ops/jpeg_rows/jpeg_rows.c";
    println!("cargo:rerun-if-changed={shim}");
    cc::Build::new()
        .file(shim)
        .warnings(true)
        .extra_warnings(true)
        .compile("kiln_jpeg_rows");
    println!("cargo:rustc-link-lib=dylib=jpeg");
}
