#include <zlib.h>

/* deflateInit2 and inflateInit2 are macros, which Swift cannot call. */
static inline int medseal_deflate_init_raw(z_streamp stream, int level, int strategy) {
    return deflateInit2(stream, level, Z_DEFLATED, -15, 9, strategy);
}

static inline int medseal_inflate_init_raw(z_streamp stream) {
    return inflateInit2(stream, -15);
}

static inline int medseal_inflate_init_zlib(z_streamp stream) {
    return inflateInit2(stream, 15);
}
