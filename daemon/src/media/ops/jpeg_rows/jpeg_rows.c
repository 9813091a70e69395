/* libjpeg's scanline API behind a small interface for Rust: a picture is
 * decoded or encoded a band of rows at a time, never held whole. libjpeg
 * reports errors by calling error_exit, which must not return; here it
 * longjmps back to the entry point that called in, which returns -1 with
 * the message kept in the handle. Warnings (corrupt data libjpeg papers
 * over) count as errors, as TurboJPEG's callers here treat them. */

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>

/* Progressive files with thousands of tiny scans take minutes to decode. */
#define KJ_MAX_SCANS 500

struct kj_err {
  struct jpeg_error_mgr pub;
  jmp_buf jump;
  char msg[JMSG_LENGTH_MAX];
};

static void kj_error_exit(j_common_ptr c) {
  struct kj_err *e = (struct kj_err *)c->err;
  (*c->err->format_message)(c, e->msg);
  longjmp(e->jump, 1);
}

static void kj_emit_message(j_common_ptr c, int level) {
  if (level < 0)
    kj_error_exit(c);
}

static void kj_err_init(struct kj_err *e) {
  jpeg_std_error(&e->pub);
  e->pub.error_exit = kj_error_exit;
  e->pub.emit_message = kj_emit_message;
  e->msg[0] = 0;
}

typedef struct kj_dec {
  struct jpeg_decompress_struct cinfo;
  struct kj_err err;
  struct jpeg_progress_mgr progress;
  FILE *file;
  int created;
} kj_dec;

static void kj_progress(j_common_ptr c) {
  j_decompress_ptr d = (j_decompress_ptr)c;
  if (d->input_scan_number > KJ_MAX_SCANS) {
    struct kj_err *e = (struct kj_err *)c->err;
    snprintf(e->msg, sizeof e->msg, "more than %d scans", KJ_MAX_SCANS);
    longjmp(e->jump, 1);
  }
}

const char *kj_dec_error(const kj_dec *d) { return d->err.msg; }

void kj_dec_free(kj_dec *d) {
  if (!d)
    return;
  if (d->created)
    jpeg_destroy_decompress(&d->cinfo);
  if (d->file)
    fclose(d->file);
  free(d);
}

/* Opens `path` and reads its header; libjpeg allocates at most
 * `max_memory` bytes for it. NULL only when out of memory; otherwise check
 * kj_dec_error. */
kj_dec *kj_dec_open(const char *path, unsigned long max_memory) {
  kj_dec *d = calloc(1, sizeof *d);
  if (!d)
    return NULL;
  kj_err_init(&d->err);
  d->cinfo.err = &d->err.pub;
  if (setjmp(d->err.jump))
    return d;
  jpeg_create_decompress(&d->cinfo);
  d->created = 1;
  d->cinfo.mem->max_memory_to_use = (long)max_memory;
  d->progress.progress_monitor = kj_progress;
  d->cinfo.progress = &d->progress;
  d->file = fopen(path, "rb");
  if (!d->file) {
    snprintf(d->err.msg, sizeof d->err.msg, "cannot open the file");
    return d;
  }
  jpeg_stdio_src(&d->cinfo, d->file);
  jpeg_read_header(&d->cinfo, TRUE);
  return d;
}

/* What the header says: size, components, colour space (J_COLOR_SPACE),
 * the first component's sampling factors. */
int kj_dec_info(const kj_dec *d, unsigned *w, unsigned *h, int *components,
                int *color_space, int *h_samp, int *v_samp) {
  if (d->err.msg[0] || !d->created)
    return -1;
  *w = d->cinfo.image_width;
  *h = d->cinfo.image_height;
  *components = d->cinfo.num_components;
  *color_space = d->cinfo.jpeg_color_space;
  *h_samp = d->cinfo.comp_info[0].h_samp_factor;
  *v_samp = d->cinfo.comp_info[0].v_samp_factor;
  for (int i = 1; i < d->cinfo.num_components; i++)
    if (d->cinfo.comp_info[i].h_samp_factor != 1 ||
        d->cinfo.comp_info[i].v_samp_factor != 1)
      *h_samp = *v_samp = 0; /* not a layout we keep */
  return 0;
}

/* Starts decoding into `out_space` (JCS_GRAYSCALE, JCS_RGB or JCS_YCbCr)
 * at 1/`denom` scale; `fancy`: smooth chroma upsampling. */
int kj_dec_start(kj_dec *d, int out_space, unsigned denom, int fancy,
                 unsigned *out_w, unsigned *out_h, int *channels) {
  if (setjmp(d->err.jump))
    return -1;
  d->cinfo.out_color_space = (J_COLOR_SPACE)out_space;
  d->cinfo.scale_num = 1;
  d->cinfo.scale_denom = denom;
  d->cinfo.do_fancy_upsampling = fancy ? TRUE : FALSE;
  d->cinfo.dct_method = JDCT_ISLOW;
  jpeg_start_decompress(&d->cinfo);
  *out_w = d->cinfo.output_width;
  *out_h = d->cinfo.output_height;
  *channels = d->cinfo.output_components;
  return 0;
}

/* Decodes only columns [*x, *x + *w), widened by libjpeg to whole blocks:
 * *x and *w come back as the columns each row then holds. */
int kj_dec_crop(kj_dec *d, unsigned *x, unsigned *w) {
  if (setjmp(d->err.jump))
    return -1;
  JDIMENSION jx = *x, jw = *w;
  jpeg_crop_scanline(&d->cinfo, &jx, &jw);
  *x = jx;
  *w = jw;
  return 0;
}

/* The rows left of `n` after skipping (0 unless at the end). */
static unsigned kj_skip_rows(j_decompress_ptr c, unsigned n) {
  while (n > 0) {
    JDIMENSION done = jpeg_skip_scanlines(c, n);
    if (done == 0)
      break;
    n -= done;
  }
  return n;
}

/* Skips `n` rows (entropy decoding only where it can). */
int kj_dec_skip(kj_dec *d, unsigned n) {
  if (setjmp(d->err.jump))
    return -1;
  return kj_skip_rows(&d->cinfo, n) == 0 ? 0 : -1;
}

/* Reads up to `n` rows into `buf`, `stride` bytes apart: the rows read,
 * fewer at the end of the picture, -1 on error. */
long kj_dec_read(kj_dec *d, unsigned char *buf, size_t stride, unsigned n) {
  if (setjmp(d->err.jump))
    return -1;
  unsigned got = 0;
  while (got < n && d->cinfo.output_scanline < d->cinfo.output_height) {
    JSAMPROW rows[16];
    unsigned want = n - got < 16 ? n - got : 16;
    for (unsigned i = 0; i < want; i++)
      rows[i] = buf + (size_t)(got + i) * stride;
    JDIMENSION k = jpeg_read_scanlines(&d->cinfo, rows, want);
    if (k == 0)
      break;
    got += k;
  }
  return (long)got;
}

typedef struct kj_enc {
  struct jpeg_compress_struct cinfo;
  struct kj_err err;
  FILE *file;
  int created;
  int started;
} kj_enc;

const char *kj_enc_error(const kj_enc *e) { return e->err.msg; }

void kj_enc_free(kj_enc *e) {
  if (!e)
    return;
  if (e->created)
    jpeg_destroy_compress(&e->cinfo);
  if (e->file)
    fclose(e->file);
  free(e);
}

/* Creates `path` and writes the headers of a `w` x `h` JPEG at `quality`
 * from rows in `in_space` (JCS_GRAYSCALE, JCS_RGB or JCS_YCbCr, stored as
 * YCbCr), luma sampled `h_samp` x `v_samp` times the chroma, with an ICC
 * profile when `icc_len` > 0. NULL only when out of memory. */
kj_enc *kj_enc_open(const char *path, unsigned w, unsigned h, int in_space,
                    int h_samp, int v_samp, int quality,
                    const unsigned char *icc, unsigned icc_len) {
  kj_enc *e = calloc(1, sizeof *e);
  if (!e)
    return NULL;
  kj_err_init(&e->err);
  e->cinfo.err = &e->err.pub;
  if (setjmp(e->err.jump))
    return e;
  jpeg_create_compress(&e->cinfo);
  e->created = 1;
  e->file = fopen(path, "wb");
  if (!e->file) {
    snprintf(e->err.msg, sizeof e->err.msg, "cannot create the file");
    return e;
  }
  jpeg_stdio_dest(&e->cinfo, e->file);
  e->cinfo.image_width = w;
  e->cinfo.image_height = h;
  e->cinfo.in_color_space = (J_COLOR_SPACE)in_space;
  e->cinfo.input_components = in_space == JCS_GRAYSCALE ? 1 : 3;
  jpeg_set_defaults(&e->cinfo);
  jpeg_set_quality(&e->cinfo, quality, TRUE);
  e->cinfo.dct_method = JDCT_ISLOW;
  if (in_space != JCS_GRAYSCALE) {
    e->cinfo.comp_info[0].h_samp_factor = h_samp;
    e->cinfo.comp_info[0].v_samp_factor = v_samp;
  }
  jpeg_start_compress(&e->cinfo, TRUE);
  e->started = 1;
  if (icc_len > 0)
    jpeg_write_icc_profile(&e->cinfo, icc, icc_len);
  return e;
}

/* Writes `n` rows from `buf`, `stride` bytes apart. */
int kj_enc_write(kj_enc *e, const unsigned char *buf, size_t stride,
                 unsigned n) {
  if (e->err.msg[0] || !e->started)
    return -1;
  if (setjmp(e->err.jump))
    return -1;
  unsigned done = 0;
  while (done < n) {
    JSAMPROW rows[16];
    unsigned want = n - done < 16 ? n - done : 16;
    for (unsigned i = 0; i < want; i++)
      rows[i] = (JSAMPROW)(buf + (size_t)(done + i) * stride);
    JDIMENSION k = jpeg_write_scanlines(&e->cinfo, rows, want);
    if (k == 0)
      return -1;
    done += k;
  }
  return 0;
}

/* Ends the file: the rest of the data, then flushed and closed. */
int kj_enc_finish(kj_enc *e) {
  if (e->err.msg[0] || !e->started)
    return -1;
  if (setjmp(e->err.jump))
    return -1;
  jpeg_finish_compress(&e->cinfo);
  FILE *f = e->file;
  e->file = NULL;
  if (fclose(f) != 0) {
    snprintf(e->err.msg, sizeof e->err.msg, "cannot write the file");
    return -1;
  }
  return 0;
}
