#include "CVectorKernels.h"

// One loop, compiled twice: for the baseline and, on x86-64, for AVX2 (picked at run time), so that the binary runs on
// any x86-64 processor. Unsigned 32-bit arithmetic wraps as the Swift kernel's &+ and &* do; the sums of real vectors
// (at most 512 dimensions of |value| ≤ 32767 × 127) never reach the wrap.
#define CARE_DOT_BODY                                                                                                  \
    uint32_t sum = 0;                                                                                                  \
    for (long i = 0; i < count; i++) sum += (uint32_t)((int32_t)query[i] * (int32_t)values[i]);                        \
    return (int32_t)sum;

int32_t care_dot_i16_i8_baseline(const int16_t *query, const int8_t *values, long count) { CARE_DOT_BODY }

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
__attribute__((target("avx2"))) static int32_t dot_avx2(const int16_t *query, const int8_t *values, long count) {
    CARE_DOT_BODY
}

static int avx2_level = -1;  // -1 unknown, then 0 or 1

int care_dot_uses_avx2(void) {
    int level = __atomic_load_n(&avx2_level, __ATOMIC_RELAXED);
    if (level < 0) {
        __builtin_cpu_init();
        level = __builtin_cpu_supports("avx2") ? 1 : 0;
        __atomic_store_n(&avx2_level, level, __ATOMIC_RELAXED);
    }
    return level;
}

int32_t care_dot_i16_i8(const int16_t *query, const int8_t *values, long count) {
    return care_dot_uses_avx2() ? dot_avx2(query, values, count) : care_dot_i16_i8_baseline(query, values, count);
}
#else
int care_dot_uses_avx2(void) { return 0; }

int32_t care_dot_i16_i8(const int16_t *query, const int8_t *values, long count) {
    return care_dot_i16_i8_baseline(query, values, count);
}
#endif
