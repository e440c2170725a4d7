/**
 * Runtime selection: CPU features, vector width, the backend choice, and the info report.
 */
package io.simdist.simd;
