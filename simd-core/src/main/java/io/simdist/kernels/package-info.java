/**
 * Bulk kernels behind one provider interface: the scalar reference, the Java Vector API provider and
 * (through {@link java.util.ServiceLoader}) the optional native one. All give bit-identical results.
 */
package io.simdist.kernels;
