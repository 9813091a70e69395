/* A lossy WebP picture filled plane by plane and encoded to memory, through
 * libwebp's advanced API (the system libwebp). The Rust side writes the
 * Y, U, V and alpha planes in place: no RGBA copy of the picture is made. */

#include <stdlib.h>
#include <webp/encode.h>

typedef struct kw_pic {
    WebPConfig config;
    WebPPicture pic;
    WebPMemoryWriter out;
} kw_pic;

/* A picture of w x h at quality (0-100), with an alpha plane when alpha is
 * set; NULL when the size is out of libwebp's range or memory runs out. */
kw_pic *kw_new(int w, int h, int alpha, float quality) {
    kw_pic *p = calloc(1, sizeof *p);
    if (p == NULL) {
        return NULL;
    }
    WebPMemoryWriterInit(&p->out);
    if (!WebPConfigPreset(&p->config, WEBP_PRESET_DEFAULT, quality) ||
        !WebPPictureInit(&p->pic)) {
        free(p);
        return NULL;
    }
    p->config.lossless = 0;
    p->pic.use_argb = 0;
    p->pic.colorspace = alpha ? WEBP_YUV420A : WEBP_YUV420;
    p->pic.width = w;
    p->pic.height = h;
    if (!WebPValidateConfig(&p->config) || !WebPPictureAlloc(&p->pic)) {
        WebPPictureFree(&p->pic);
        free(p);
        return NULL;
    }
    return p;
}

/* The planes to fill, with their strides (a is NULL without alpha). */
void kw_planes(kw_pic *p, unsigned char **y, unsigned char **u, unsigned char **v,
               unsigned char **a, int *y_stride, int *uv_stride, int *a_stride) {
    *y = p->pic.y;
    *u = p->pic.u;
    *v = p->pic.v;
    *a = p->pic.a;
    *y_stride = p->pic.y_stride;
    *uv_stride = p->pic.uv_stride;
    *a_stride = p->pic.a_stride;
}

/* Encodes the filled picture; 0 on success, else libwebp's error code. The
 * file's bytes are then at *data for *len bytes, owned by p. */
int kw_encode(kw_pic *p, const unsigned char **data, size_t *len) {
    p->pic.writer = WebPMemoryWrite;
    p->pic.custom_ptr = &p->out;
    if (!WebPEncode(&p->config, &p->pic)) {
        return p->pic.error_code == VP8_ENC_OK ? -1 : (int)p->pic.error_code;
    }
    *data = p->out.mem;
    *len = p->out.size;
    return 0;
}

void kw_free(kw_pic *p) {
    if (p == NULL) {
        return;
    }
    WebPPictureFree(&p->pic);
    WebPMemoryWriterClear(&p->out);
    free(p);
}
