#ifndef CVECTORKERNELS_H
#define CVECTORKERNELS_H

#include <stdint.h>

/// The dot product of `count` 16-bit query values with `count` 8-bit stored values, summed in 32 bits with wrapping
/// (the arithmetic of the Swift kernel `PackedVector.dot(_:_:count:)`, so the result is the same integer). Uses AVX2
/// when the processor has it (checked once), else the baseline x86-64 (or other) instructions.
int32_t care_dot_i16_i8(const int16_t *query, const int8_t *values, long count);

/// The same, always with the baseline instructions (for tests that compare the two paths).
int32_t care_dot_i16_i8_baseline(const int16_t *query, const int8_t *values, long count);

/// Whether `care_dot_i16_i8` uses AVX2 on this processor.
int care_dot_uses_avx2(void);

#endif
